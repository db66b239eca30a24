"""HTTP views and Socket.IO handlers: glue that parses, checks who is asking, calls a service."""


def register(app) -> None:
    from seminar.web import delivery, errors, exports, organiser, pages, sockets  # noqa: F401

    delivery.register(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(organiser.bp)
    app.register_blueprint(exports.bp)
    errors.register(app)
