"""Every route declares who may open it; a route without a policy is refused."""

from flask import Blueprint

from core import access
from tests.conftest import make_other_app


def test_every_endpoint_has_an_access_policy(app):
    with app.test_request_context():
        missing = [
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if rule.endpoint != "static" and access.policy_for(rule.endpoint) is None
        ]
    assert missing == [], f"routes without an access policy: {missing}"


def test_a_route_without_policy_is_refused(app):
    bp = Blueprint("forgotten", __name__)

    @bp.route("/forgotten")
    def forgotten():
        return "secret"

    other = make_other_app(app)
    other.register_blueprint(bp)
    response = other.test_client().get("/forgotten")
    assert response.status_code == 403
    assert b"secret" not in response.data
