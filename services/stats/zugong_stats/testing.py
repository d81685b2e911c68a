"""The service run in a thread of another program: for the service's own tests and for
those of its clients (Odoo's), which need a real server to talk to."""
import contextlib
import socket
import threading
import time

import uvicorn

from .app import create_app


@contextlib.contextmanager
def running_server(settings):
    """The service under uvicorn in a thread, on a free loopback port; yields its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the service did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        listener.close()
