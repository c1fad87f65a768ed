"""Aduan: the Chalice app. Builds the app, registers blueprints (routes and schedules) and middleware; nothing else."""
from chalice import Chalice

from chalicelib.api.administration import administration
from chalicelib.api.citizen import citizen
from chalicelib.api.fallback import fallback
from chalicelib.api.openapi import openapi
from chalicelib.api.reference import reference
from chalicelib.api.routing import routing
from chalicelib.api.staff import staff
from chalicelib.api.statistics import statistics
from chalicelib.api.templates import templates
from chalicelib.api.web import web
from chalicelib.observability import http_middleware, pass_aws_faults_to_middleware
from chalicelib.schedules import schedules

app = Chalice(app_name="aduan", configure_logs=False)
app.register_middleware(http_middleware, "http")
app.register_blueprint(citizen)
app.register_blueprint(reference)
app.register_blueprint(staff)
app.register_blueprint(statistics)
app.register_blueprint(administration)
app.register_blueprint(routing)
app.register_blueprint(templates)
app.register_blueprint(openapi)
app.register_blueprint(web)
app.register_blueprint(fallback)
app.register_blueprint(schedules)
pass_aws_faults_to_middleware(app)  # last: it wraps the routes registered above
