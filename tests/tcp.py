"""A local TCP proxy that can hang: how tests simulate a hung PostgreSQL or Redis without
touching the machine's shared services.

`StallingProxy()` alone accepts connections and never answers (a hung server). With an
upstream it forwards both ways until `hang()`; from then on it swallows what it receives
and answers nothing, while keeping every connection open, as a stopped server does.
"""

import socket
import threading


class StallingProxy:
    def __init__(self, upstream=None):
        self.upstream = upstream
        self.hung = upstream is None
        self.accepted = 0
        self._sockets = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def hang(self):
        self.hung = True

    def resume(self):
        """New connections are forwarded again (the client drops the ones that timed out)."""
        self.hung = False

    def close(self):
        self._closed = True
        for sock in [self._server, *self._sockets]:
            try:
                # shutdown() first: close() alone leaves the connection open while a
                # thread is blocked reading it.
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self):
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self.accepted += 1
            self._sockets.append(client)
            if self.hung:
                threading.Thread(target=self._swallow, args=(client,), daemon=True).start()
                continue
            server = socket.create_connection(self.upstream)
            self._sockets.append(server)
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _swallow(self, sock):
        try:
            while sock.recv(65536):
                pass
        except OSError:
            pass

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                if not self.hung:
                    target.sendall(data)
        except OSError:
            pass
