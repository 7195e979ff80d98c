"""A small CAS server for the single sign-on tests, on 127.0.0.1: it speaks the real protocol (CAS 2.0 and
3.0): ``/cas/login?service=…`` redirects back with a service ticket, ``/cas/serviceValidate`` and
``/cas/p3/serviceValidate`` answer the XML of the protocol's section 2.5/2.6. Tickets are single-use and
bound to their service, as on a real server. Who "logs in" at ``/login`` is set by the test
(``server.user``), since the login form of a real CAS server is not what is tested here."""
from __future__ import annotations

import secrets
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

NS = "http://www.yale.edu/tp/cas"


class FakeCasServer:
    def __init__(self) -> None:
        self.user = "01090023"
        self.attributes: dict[str, str] = {}
        self.tickets: dict[str, tuple[str, str]] = {}          # ticket → (service, user)
        self.validations: list[str] = []                       # paths of the validation requests
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/cas/login":
                    outer._login(self, query)
                elif url.path in ("/cas/serviceValidate", "/cas/p3/serviceValidate"):
                    outer.validations.append(url.path)
                    outer._validate(self, query, with_attributes=url.path.startswith("/cas/p3/"))
                else:
                    self.send_response(404)
                    self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/cas/"

    def __enter__(self) -> FakeCasServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def _login(self, handler, query: dict[str, str]) -> None:
        service = query.get("service")
        if not service:
            handler.send_response(400)
            handler.end_headers()
            return
        ticket = "ST-" + secrets.token_hex(12)
        self.tickets[ticket] = (service, self.user)
        sep = "&" if "?" in service else "?"
        handler.send_response(302)
        handler.send_header("Location", f"{service}{sep}{urlencode({'ticket': ticket})}")
        handler.end_headers()

    def _validate(self, handler, query: dict[str, str], *, with_attributes: bool) -> None:
        ticket, service = query.get("ticket", ""), query.get("service", "")
        issued = self.tickets.pop(ticket, None)                # single use: gone once presented
        if issued is None:
            body = self._failure("INVALID_TICKET", f"Ticket {ticket} not recognized")
        elif issued[0] != service:
            body = self._failure("INVALID_SERVICE", f"Ticket {ticket} does not match supplied service")
        else:
            attributes = "".join(f"<cas:{k}>{escape(v)}</cas:{k}>" for k, v in self.attributes.items())
            body = (f'<cas:serviceResponse xmlns:cas="{NS}"><cas:authenticationSuccess>'
                    f"<cas:user>{escape(issued[1])}</cas:user>"
                    + (f"<cas:attributes>{attributes}</cas:attributes>" if with_attributes and attributes else "")
                    + "</cas:authenticationSuccess></cas:serviceResponse>")
        data = body.encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/xml; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _failure(code: str, text: str) -> str:
        return (f'<cas:serviceResponse xmlns:cas="{NS}"><cas:authenticationFailure code="{code}">{escape(text)}'
                "</cas:authenticationFailure></cas:serviceResponse>")
