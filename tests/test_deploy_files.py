"""The files deploy/install.sh writes on a server (deploy/render.py): Caddy's, Litestream's,
systemd's units and Folka's settings, each checked by the tool that will read it."""

import os
import re
import runpy
import shutil
import subprocess
import sys

import pytest

from tests.server import ROOT

RENDER = os.path.join(ROOT, "deploy", "render.py")
LITESTREAM = os.path.join(ROOT, ".venv", "bin", "litestream")


def render(out, *extra):
    """Run deploy/render.py as install.sh does; the rendered tree under `out`."""
    args = ["--host", "folka.example.com", "--email", "it@example.com", "--out", str(out)]
    subprocess.run([sys.executable, RENDER, *args, *extra], check=True, capture_output=True)
    return out


def read(out, path):
    return (out / path).read_text()


def settings(text):
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line and line[0] != "#")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    return render(tmp_path_factory.mktemp("server"))


def test_caddy_accepts_the_caddyfile_and_it_proxies_as_folka_needs(server):
    caddyfile = server / "etc/caddy/Caddyfile"
    result = subprocess.run(
        ["caddy", "adapt", "--adapter", "caddyfile", "--config", str(caddyfile)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    config = result.stdout
    text = caddyfile.read_text()
    assert re.search(r"^folka\.example\.com \{", text, re.MULTILINE)
    assert "email it@example.com" in text and "tls internal" not in text
    assert "header -Server" in text and "encode zstd gzip" in text
    assert '"buffer_requests":true' in config  # whole bodies before gunicorn sees them
    assert '"reverse_proxy"' in config and "127.0.0.1:8000" in config
    assert "respond @metrics 404" in text  # /metrics is never served to the internet


def test_every_unit_runs_in_systemds_sandbox(server):
    units = server / "etc/systemd/system"
    for name in ("folka.service", "folka-purge.service", "folka-backup.service"):
        unit = read(units, name)
        for option in (
            "User=folka",
            "ProtectSystem=strict",
            "NoNewPrivileges=true",
            "PrivateTmp=true",
            "ProtectHome=true",
            "CapabilityBoundingSet=\n",
            "ReadWritePaths=/var/lib/folka /var/backups/folka",
        ):
            assert option in unit, (name, option)
        if shutil.which("systemd-analyze"):
            result = subprocess.run(
                ["systemd-analyze", "security", "--offline=true", "--threshold=30", name],
                cwd=units,
                capture_output=True,
                text=True,
            )
            exposure = re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout)
            assert result.returncode == 0 and float(exposure.group(1)) <= 3.0, result.stdout


def test_litestream_supervises_gunicorn_and_systemd_restarts_the_pair(server):
    unit = read(server, "etc/systemd/system/folka.service")
    start = re.search(r"^ExecStart=(.*)$", unit, re.MULTILINE).group(1)
    assert start.startswith("/srv/folka/.venv/bin/litestream replicate")
    assert "-restore-if-db-not-exists" in start
    assert '-exec "/srv/folka/.venv/bin/gunicorn --config /srv/folka/gunicorn.conf.py"' in start
    assert "Restart=on-failure" in unit and "EnvironmentFile=/etc/folka/folka.env" in unit
    for timer in ("folka-purge.timer", "folka-backup.timer"):
        assert "Persistent=true" in read(server, f"etc/systemd/system/{timer}")
    backup = read(server, "etc/systemd/system/folka-backup.service")
    assert "backup --force /var/backups/folka/folka-$$(date +%%a).db" in backup


def test_litestream_reads_its_configuration(server, tmp_path):
    config = read(server, "etc/folka/litestream.yml")
    assert "url: file:///var/backups/folka/replica" in config
    assert "sync-interval: 1s" in config and "retention: 24h" in config
    listing = subprocess.run(
        [LITESTREAM, "databases", "-config", str(server / "etc/folka/litestream.yml")],
        capture_output=True,
        text=True,
    )
    assert listing.returncode == 0, listing.stderr
    assert "/var/lib/folka/folka.db" in listing.stdout and "file" in listing.stdout


def test_an_s3_replica_with_its_endpoint(tmp_path):
    out = render(
        tmp_path, "--replica", "s3://folka-backups/acme", "--s3-endpoint", "https://s3.example.net"
    )
    config = read(out, "etc/folka/litestream.yml")
    assert "url: s3://folka-backups/acme" in config
    assert "endpoint: https://s3.example.net" in config and "force-path-style: true" in config


def test_settings_trust_the_proxy_and_keep_the_secret_key_across_runs(tmp_path):
    first = settings(read(render(tmp_path), "etc/folka/folka.env"))
    assert first["FOLKA_TRUST_PROXY"] == "1" and first["FOLKA_SECURE_COOKIES"] == "1"
    assert first["FOLKA_DATABASE"] == "/var/lib/folka/folka.db"
    assert first["FOLKA_ACCESS_LOG_JSON"] == "-" and first["FOLKA_ACCESS_LOG"] == ""
    assert len(first["FOLKA_SECRET_KEY"]) == 64
    assert oct((tmp_path / "etc/folka/folka.env").stat().st_mode & 0o777) == "0o640"
    with open(tmp_path / "etc/folka/folka.env", "a") as env:
        env.write("LITESTREAM_ACCESS_KEY_ID=AKIAEXAMPLE\n")
    again = settings(read(render(tmp_path), "etc/folka/folka.env"))  # an upgrade
    assert again["FOLKA_SECRET_KEY"] == first["FOLKA_SECRET_KEY"]  # nobody is logged out
    assert again["LITESTREAM_ACCESS_KEY_ID"] == "AKIAEXAMPLE"


@pytest.mark.parametrize(
    "host, email",
    [("folka", "it@example.com"), ("folka.example.com;rm", "it@example.com"), ("a.no", "x")],
)
def test_a_bad_host_or_email_is_refused_before_anything_is_written(tmp_path, host, email):
    result = subprocess.run(
        [sys.executable, RENDER, "--host", host, "--email", email, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "not a" in result.stderr
    assert not any(tmp_path.iterdir())


def gunicorn_settings(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(os.path.join(ROOT, "gunicorn.conf.py"))


def test_gunicorn_opens_no_shared_control_socket(monkeypatch, tmp_path):
    monkeypatch.delenv("FOLKA_CONTROL_SOCKET", raising=False)
    assert gunicorn_settings(monkeypatch, tmp_path)["control_socket_disable"] is True
    own = gunicorn_settings(monkeypatch, tmp_path, FOLKA_CONTROL_SOCKET="/run/folka/g.ctl")
    assert own["control_socket"] == "/run/folka/g.ctl" and own["control_socket_disable"] is False


def test_gunicorn_believes_no_forwarded_header_when_folka_trusts_the_proxy(monkeypatch, tmp_path):
    """Folka alone reads X-Forwarded-* (webapp/security.py, on the proxy's connections): the
    two never disagree on whether a request came over HTTPS."""
    conf = gunicorn_settings(monkeypatch, tmp_path, FOLKA_TRUST_PROXY="1")
    assert conf["forwarded_allow_ips"] == "" and conf["secure_scheme_headers"] == {}
    assert conf["bind"].startswith("127.0.0.1:")


def test_the_install_script_is_valid_shell_that_wants_root_and_two_arguments():
    script = os.path.join(ROOT, "deploy", "install.sh")
    assert subprocess.run(["sh", "-n", script]).returncode == 0
    assert os.access(script, os.X_OK)
    usage = subprocess.run(["sh", script, "folka.example.com"], capture_output=True, text=True)
    assert usage.returncode == 2 and "usage:" in usage.stderr
