"""Folka: a small installable web app for people who visit customers."""

import os

from flask import Flask

from webapp import config


def create_app(test_config=None):
    """Build the app: defaults, then instance config, then FOLKA_* environment, then modules."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.path.join(root, "instance"),
        static_folder=os.path.join(root, "static"),
        static_url_path="/static",
    )
    app.config.from_object(config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("FOLKA")
    if test_config:
        app.config.update(test_config)
    app.config["PROJECT_ROOT"] = root
    if not os.path.isabs(app.config["DATABASE"]):
        app.config["DATABASE"] = os.path.join(root, app.config["DATABASE"])

    from webapp import accounts
    from webapp import admin
    from webapp import assets
    from webapp import attachments
    from webapp import cli
    from webapp import db
    from webapp import errors
    from webapp import field
    from webapp import formerrors
    from webapp.handover import views as handover
    from webapp import health
    from webapp import i18n
    from webapp import imports
    from webapp import manage
    from webapp import merge
    from webapp import pageowner
    from webapp import phonemade
    from webapp import plan
    from webapp import pwa
    from webapp import restapi
    from webapp import review
    from webapp import security
    from webapp import sync
    from webapp import webhooks

    db.init_app(app)
    restapi.init_app(app)  # first: on /api/v1/ the token decides who the user is
    security.init_app(app)
    pageowner.init_app(app)
    assets.init_app(app)
    i18n.init_app(app)
    accounts.init_app(app)
    errors.init_app(app)
    formerrors.init_app(app)
    health.init_app(app)
    cli.init_app(app)
    webhooks.init_app(app)
    imports.init_app(app)
    app.url_map.converters["id"] = db.IdConverter  # before the routes that use <id:…>
    app.register_blueprint(accounts.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(attachments.bp)
    app.register_blueprint(sync.bp)
    app.register_blueprint(field.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(manage.bp)
    app.register_blueprint(phonemade.bp)
    app.register_blueprint(plan.bp)
    app.register_blueprint(pwa.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(merge.bp)
    app.register_blueprint(restapi.bp)
    app.register_blueprint(restapi.pages_bp)
    app.register_blueprint(restapi.docs_bp)
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(handover.bp)
    return app
