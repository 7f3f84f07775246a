"""Settings: defaults, overridden by FOLKA_* environment variables read the way Flask reads
them (JSON where the value is JSON, else text)."""

from webapp import create_app


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("FOLKA_DATABASE", str(tmp_path / "env.db"))
    monkeypatch.setenv("FOLKA_SESSION_DAYS", "7")
    monkeypatch.setenv("FOLKA_SECURE_COOKIES", "true")
    monkeypatch.setenv("FOLKA_TOTP_REQUIRED_ROLES", "admin,manager")
    app = create_app()
    assert app.config["DATABASE"] == str(tmp_path / "env.db")
    assert app.config["SESSION_DAYS"] == 7
    assert app.config["SECURE_COOKIES"] is True
    assert app.config["TOTP_REQUIRED_ROLES"] == "admin,manager"
    assert app.config["SESSION_IDLE_DAYS"] == 14  # the default stays
