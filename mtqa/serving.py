"""Running `mtqa serve`'s ASGI app: a bounded pool for checks, and uvicorn with the limits a local service needs
(a real listen backlog, keep-alive and request-head timeouts, a cap on concurrent connections).

Nothing here knows LanguageTool's protocol or the engine; mtqa/server.py does.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class ServerLimits:
    """Every bound `mtqa serve` keeps; the command-line flags set them."""

    max_body: int = 2_000_000  # bytes of request body; a larger one gets 413 before it is read
    workers: int = 4  # checks running at once, each in its own thread
    queue: int = 16  # checks waiting for a worker; one more gets 503 with Retry-After
    timeout: float = 60.0  # seconds one check may take before the client gets 503
    read_timeout: float = 10.0  # seconds a client has to send a request's headers, then its body
    keep_alive: int = 5  # seconds an idle kept-alive connection stays open
    limit_concurrency: int = 1000  # open connections and requests; beyond it uvicorn answers 503
    backlog: int = 2048  # connections the kernel queues before the server accepts them
    allow_origins: tuple[str, ...] = ()  # origins web pages may call the API from (CORS); none by default
    retry_after: int = 2  # seconds the client is told to wait after a 503

    def __post_init__(self):
        for name in ("max_body", "workers", "limit_concurrency", "backlog"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name.replace('_', '-')} must be at least 1")
        for name in ("queue", "keep_alive", "retry_after"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name.replace('_', '-')} must not be negative")
        for name in ("timeout", "read_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name.replace('_', '-')} must be more than 0 seconds")


class PoolFull(Exception):
    """Every worker is busy and the queue is full."""


class CheckTimedOut(Exception):
    """A check took longer than the time allowed."""


class CheckPool:
    """Threads for blocking checks, so a long check never blocks the event loop or another check's thread.

    At most `workers` checks run and `queue` more wait; a further one is refused at once (PoolFull). A check
    that outlives `timeout` is answered as timed out, but keeps its slot until its thread really ends, so
    abandoned work can never pile up beyond the bound.
    """

    def __init__(self, workers: int, queue: int):
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mtqa-check")
        self._slots = threading.BoundedSemaphore(workers + queue)

    async def run(self, fn: Callable[[], T], timeout: float) -> T:
        if not self._slots.acquire(blocking=False):
            raise PoolFull
        try:
            future = self._executor.submit(fn)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            future.cancel()  # a check still waiting in the queue never starts
            raise CheckTimedOut from None

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _protocol_with_head_timeout(head_timeout: float):
    """uvicorn's h11 protocol, plus a deadline for each request's head.

    uvicorn times out an idle kept-alive connection, but not a client that trickles a request line or headers
    a byte at a time (slowloris): such a connection would stay open for ever and count against the concurrency
    limit. Here every connection must deliver a complete request head within `head_timeout` seconds of
    opening, or of the previous response; otherwise it is closed.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeadTimeoutH11Protocol(H11Protocol):
        def connection_made(self, transport):
            super().connection_made(transport)
            self._head_timer = None
            self._arm_head_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm_head_timer()

        def connection_lost(self, exc):
            self._cancel_head_timer()
            super().connection_lost(exc)

        def _arm_head_timer(self) -> None:
            self._cancel_head_timer()
            self._armed_cycle = self.cycle
            self._head_timer = self.loop.call_later(head_timeout, self._head_timed_out)

        def _cancel_head_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timed_out(self) -> None:
            self._head_timer = None
            waiting = self.cycle is None or self.cycle.response_complete
            if waiting and self.cycle is self._armed_cycle and not self.transport.is_closing():
                log.debug("closing a connection that sent no complete request head in %s s", head_timeout)
                self.transport.close()

    return HeadTimeoutH11Protocol


def listening_socket(host: str, port: int, backlog: int) -> socket.socket:
    """Bound and listening now, so port 0 gets its real number before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=backlog)


class UvicornServer:
    """An ASGI app under uvicorn, with http.server's start/stop shape: serve_forever() in any thread,
    shutdown() from another, server_close() at the end; server_address holds the bound address."""

    def __init__(self, app, sock: socket.socket, limits: ServerLimits, on_close: Callable[[], None] = lambda: None):
        import uvicorn

        from mtqa import __version__

        self.socket = sock
        self.server_address = sock.getsockname()
        self._on_close = on_close
        config = uvicorn.Config(
            app,
            http=_protocol_with_head_timeout(limits.read_timeout),
            lifespan="off",
            interface="asgi3",
            backlog=limits.backlog,
            limit_concurrency=limits.limit_concurrency,
            timeout_keep_alive=limits.keep_alive,
            timeout_graceful_shutdown=5,
            proxy_headers=False,  # nothing sits in front of a local server; never trust X-Forwarded-*
            server_header=False,
            headers=[("server", f"mtqa/{__version__}")],
            log_config=None,  # leave the host program's logging alone
            access_log=False,
        )
        self._server = uvicorn.Server(config)
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        self._stopped.clear()
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self, timeout: float = 30.0) -> None:
        self._server.should_exit = True
        self._stopped.wait(timeout)

    def server_close(self) -> None:
        self.socket.close()
        self._on_close()
