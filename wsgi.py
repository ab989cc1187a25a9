"""The composition root: the one app, with both faces mounted (gunicorn wsgi:app)."""

import govportal
import marketplace
from core import create_app

app = create_app(faces=[marketplace, govportal])
