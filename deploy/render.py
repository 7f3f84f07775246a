"""Write a server's configuration files from deploy/templates/: Caddy's, Litestream's, the
systemd units and Folka's environment file.

deploy/install.sh calls it with the host name, the e-mail and the replica; the tests call it
too, so the files they check and the stack they start are the ones a server gets. Only the
standard library: it runs before the virtualenv exists.

    python3 deploy/render.py --host folka.example.com --email it@example.com --out /
"""

import argparse
import os
import re
import secrets
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "templates")

#: systemd's sandbox for every Folka unit: the code is read-only, the data and backups alone
#: are writable, no new privileges, no devices, no other users' files, no kernel tunables.
HARDENING = """\
NoNewPrivileges=true
ProtectSystem=strict
ReadWritePaths={data_dir} {backup_dir}
ProtectHome=true
PrivateTmp=true
PrivateDevices=true
ProtectKernelTunables=true
ProtectKernelModules=true
ProtectKernelLogs=true
ProtectControlGroups=true
ProtectClock=true
ProtectHostname=true
ProtectProc=invisible
RestrictNamespaces=true
RestrictRealtime=true
RestrictSUIDSGID=true
LockPersonality=true
SystemCallArchitectures=native
SystemCallFilter=@system-service
CapabilityBoundingSet=
AmbientCapabilities=
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
"""

#: Where each rendered file goes, under --out.
FILES = {
    "Caddyfile": "etc/caddy/Caddyfile",
    "litestream.yml": "etc/folka/litestream.yml",
    "folka.service": "etc/systemd/system/folka.service",
    "folka-purge.service": "etc/systemd/system/folka-purge.service",
    "folka-purge.timer": "etc/systemd/system/folka-purge.timer",
    "folka-backup.service": "etc/systemd/system/folka-backup.service",
    "folka-backup.timer": "etc/systemd/system/folka-backup.timer",
}
ENV_FILE = "etc/folka/folka.env"
HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True, help="the name phones use: folka.example.com")
    parser.add_argument("--email", required=True, help="for Let's Encrypt's expiry notices")
    parser.add_argument("--out", default="/", help="root to write under (/ on the server)")
    parser.add_argument(
        "--replica",
        default="",
        help="where Litestream replicates: s3://bucket/folka, sftp://user@host/path, "
        "file:///path (default: file:///var/backups/folka/replica, on this same server)",
    )
    parser.add_argument("--s3-endpoint", default="", help="an S3-compatible service's URL")
    parser.add_argument("--s3-region", default="", help="the bucket's region")
    parser.add_argument("--retention", default="24h", help="how long the replica keeps history")
    parser.add_argument("--sync-interval", default="1s", help="how often writes are uploaded")
    parser.add_argument("--app-dir", default="/srv/folka")
    parser.add_argument("--data-dir", default="/var/lib/folka")
    parser.add_argument("--backup-dir", default="/var/backups/folka")
    parser.add_argument("--app-port", type=int, default=8000)
    parser.add_argument("--tls-internal", action="store_true", help="Caddy's own CA (tests)")
    parser.add_argument("--http-port", type=int, default=0, help="instead of 80 (tests)")
    parser.add_argument("--https-port", type=int, default=0, help="instead of 443 (tests)")
    args = parser.parse_args(argv)
    args.host = args.host.strip().lower()
    if not HOST_NAME.match(args.host):
        parser.error(f"not a host name: {args.host!r}")
    if "@" not in args.email or any(c.isspace() for c in args.email):
        parser.error(f"not an e-mail address: {args.email!r}")
    return args


def values(args):
    """The placeholders' values."""
    replica = args.replica or f"file://{args.backup_dir}/replica"
    options = []
    if args.s3_endpoint:
        options += [f"endpoint: {args.s3_endpoint}", "force-path-style: true"]
    if args.s3_region:
        options.append(f"region: {args.s3_region}")
    global_options = ""
    if args.http_port:
        global_options += f"\thttp_port {args.http_port}\n"
    if args.https_port:
        global_options += f"\thttps_port {args.https_port}\n"
    if args.tls_internal:
        # A test's CA: never added to this machine's trust store, no admin endpoint.
        global_options += "\tskip_install_trust\n\tadmin off\n"
    return {
        "HOST": args.host,
        "EMAIL": args.email,
        "GLOBAL_OPTIONS": global_options,
        "TLS": "\ttls internal\n" if args.tls_internal else "",
        "APP_PORT": str(args.app_port),
        "APP_DIR": args.app_dir,
        "DATABASE": f"{args.data_dir}/folka.db",
        "BACKUP_DIR": args.backup_dir,
        "REPLICA_URL": replica,
        "REPLICA_OPTIONS": "".join(f"      {line}\n" for line in options),
        "SYNC_INTERVAL": args.sync_interval,
        "SNAPSHOT_INTERVAL": args.retention,
        "RETENTION": args.retention,
        "HARDENING": HARDENING.format(data_dir=args.data_dir, backup_dir=args.backup_dir),
    }


def render(name, mapping):
    """One template with its {{PLACEHOLDERS}} filled; an unknown one is an error."""
    with open(os.path.join(TEMPLATES, name), encoding="utf-8") as template:
        text = template.read()

    def fill(match):
        return mapping[match.group(1)]

    return re.sub(r"\{\{([A-Z_]+)\}\}", fill, text).rstrip("\n") + "\n"


def environment(args, existing):
    """Folka's settings for the service. The secret key of an earlier run is kept (a new one
    would log everybody out), and so are lines an admin added (credentials of the replica)."""
    kept = {}
    for line in existing.splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            kept[name.strip()] = value
    settings = {
        "FOLKA_SECRET_KEY": kept.get("FOLKA_SECRET_KEY") or secrets.token_hex(32),
        "FOLKA_DATABASE": f"{args.data_dir}/folka.db",
        "FOLKA_TRUST_PROXY": "1",
        "FOLKA_PROXY_ADDRESSES": "127.0.0.1,::1",
        "FOLKA_SECURE_COOKIES": "1",
        "FOLKA_LITESTREAM_CONFIG": "/etc/folka/litestream.yml",
        "FOLKA_ACCESS_LOG": "",
        "FOLKA_ACCESS_LOG_JSON": "-",
        "FOLKA_CONTROL_SOCKET": "/run/folka/gunicorn.ctl",
        "PROMETHEUS_MULTIPROC_DIR": "/run/folka/metrics",
        "PORT": str(args.app_port),
    }
    extra = {name: value for name, value in kept.items() if name not in settings}
    lines = ["# Folka's settings (webapp/config.py): written by deploy/install.sh, which keeps"]
    lines.append("# the secret key and any line added below (LITESTREAM_ACCESS_KEY_ID, …).")
    lines += [f"{name}={value}" for name, value in {**settings, **extra}.items()]
    return "\n".join(lines) + "\n"


def write(path, text, mode):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".new", "w", encoding="utf-8") as output:
        output.write(text)
    os.chmod(path + ".new", mode)
    os.replace(path + ".new", path)


def main(argv=None):
    args = arguments(argv)
    mapping = values(args)
    for name, target in FILES.items():
        write(os.path.join(args.out, target), render(name, mapping), 0o644)
    env_path = os.path.join(args.out, ENV_FILE)
    existing = open(env_path, encoding="utf-8").read() if os.path.exists(env_path) else ""
    write(env_path, environment(args, existing), 0o640)
    for target in [*FILES.values(), ENV_FILE]:
        print(os.path.join(args.out, target))


if __name__ == "__main__":
    sys.exit(main())
