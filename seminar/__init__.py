"""Live facilitation app for dialogue seminars.

Kept import-free on purpose: the async mode must be chosen (and gevent or eventlet must
monkey-patch the standard library) before Flask or Socket.IO are imported. See
``seminar.concurrency`` and ``seminar.app.create_app``.
"""

__version__ = "0.1.0"
