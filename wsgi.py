"""The composition root: the one app, with both faces mounted (gunicorn wsgi:app)."""

import gc

import demo
import govportal
import marketplace
from core import create_app

app = create_app(faces=[marketplace, govportal])
demo.init_app(app)  # `flask demo load`: demo data stays outside the faces and core

# The ~300,000 objects of the loaded app live as long as the process: keep them out of the
# cyclic collector's full passes, which otherwise walk all of them (about 0.1 s, a pause
# every request queued behind it would feel).
gc.freeze()
