"""The ceiling every page is compared with: a hello-world Flask app.

bench/run.py serves it under exactly the gunicorn settings it uses for the real app,
in the same run, so ``ratio_to_hello`` compares like with like on the same machine.
"""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello, World!"
