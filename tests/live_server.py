"""The live server of the browser and HTTP tests, answering from a few threads that keep
their database connections.

Django's test server starts a thread per request and closes its database connections when
the request ends, so every request opens a new one: on PostgreSQL a new server process and
its set-up, 10-25 ms on this machine, for each page, each XHR and each call of the API
fuzzer. Here a fixed set of threads takes the requests in turn and keeps its connections
between them, as the production server's workers do (CONN_MAX_AGE); Django's own request
signals still close a connection that broke or grew too old. Each response closes its HTTP
connection (a server that is not a ThreadingMixIn says `Connection: close`), so a browser's
idle keep-alive connection never holds a thread that another request waits for.
"""

import queue
import threading

from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from pytest_django.live_server_helper import LiveServer

THREADS = 8


class PooledWSGIServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override or {}
        self.requests = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self._answer, daemon=True, name=f"live-server-{n}")
            for n in range(THREADS)
        ]
        for thread in self.threads:
            thread.start()

    def process_request(self, request, client_address):
        self.requests.put((request, client_address))

    def _answer(self):
        for alias, connection in self.connections_override.items():
            connections[alias] = connection
        try:
            while (work := self.requests.get()) is not None:
                request, client_address = work
                try:
                    self.finish_request(request, client_address)
                except Exception:
                    self.handle_error(request, client_address)
                finally:
                    self.shutdown_request(request)
        finally:
            if not self.connections_override:
                connections.close_all()

    def server_close(self):
        super().server_close()
        for _ in self.threads:
            self.requests.put(None)
        for thread in self.threads:
            thread.join()


class PooledLiveServerThread(LiveServerThread):
    server_class = PooledWSGIServer


class PooledLiveServer(LiveServer):
    """pytest-django's live server, on PooledLiveServerThread."""

    def __init__(self, addr: str) -> None:
        super().__init__(addr, start=False)
        made = self.thread
        self.thread = PooledLiveServerThread(
            made.host,
            static_handler=made.static_handler,
            connections_override=made.connections_override,
            port=made.port,
        )
        self.thread.daemon = True
        self.start()
