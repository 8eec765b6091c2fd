"""Keep-alive connections for moto's server, as AWS keeps them. A test double.

werkzeug's development server, which moto.server runs, answers every request with `Connection:
close` (its handler cannot tell where a request's body ends, so it reads whatever follows and
drops the connection). Every SDK call then opened a new TCP connection and moto a new thread.
Here each request's body is read to its declared end (Content-Length, or the last chunk) after
moto has answered, so the connection is left at the next request's first byte and can be kept.
"""
import selectors
import socket

import moto.moto_server.werkzeug_app as werkzeug_app
import werkzeug.serving as serving
from werkzeug.wsgi import LimitedStream

if not getattr(serving, "_tandem_keepalive", False):
    serving._tandem_keepalive = True
    _dispatch = werkzeug_app.DomainDispatcherApplication.__call__

    def __call__(self, environ, start_response):
        if not environ.get("wsgi.input_terminated"):
            environ["wsgi.input"] = LimitedStream(environ["wsgi.input"], int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input_terminated"] = True
        body = environ["wsgi.input"]
        answer = _dispatch(self, environ, start_response)
        try:
            yield from answer
        finally:
            if hasattr(answer, "close"):
                answer.close()
            while body.read(65536):
                pass

    werkzeug_app.DomainDispatcherApplication.__call__ = __call__

    _send_header = serving.WSGIRequestHandler.send_header

    def send_header(self, keyword, value):
        if keyword.lower() == "connection" and value.lower() == "close" and self.headers.get("Connection", "").lower() != "close":
            return
        _send_header(self, keyword, value)

    serving.WSGIRequestHandler.send_header = send_header

    _setup = serving.WSGIRequestHandler.setup

    def setup(self):
        _setup(self)
        # An answer's headers and body leave in separate writes: on a kept connection, Nagle's
        # algorithm holds the body until the client acknowledges the headers, which it delays.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    serving.WSGIRequestHandler.setup = setup

    class _Undrained:
        """werkzeug reads what follows an answer and discards it; with the body read above, that is the next request."""

        EVENT_READ = selectors.EVENT_READ

        class DefaultSelector:
            def register(self, *args):
                pass

            def select(self, timeout=None):
                return []

            def close(self):
                pass

    serving.selectors = _Undrained
