"""Limits per client, as plain ASGI middleware in front of the app: a token bucket of requests per
second (with a burst) and a cap on requests in flight, per client address. A request over either
limit gets 429 in the project's error shape, `{"error": {"status": 429, "code": "rate_limited" |
"too_many_in_flight", "message": ...}}`, with a `Retry-After` header, and never reaches the app.

The counts live in each server process: with `serve --workers N` each worker counts the clients it
serves (a client whose connections land on several workers can go up to N times the limit).
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from dipcorpus.api.errors import error_body

__all__ = ["ClientLimits", "LimitMiddleware"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_CLIENTS = 10_000  # clients remembered per process (the longest unseen forgotten first)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientLimits:
    """`rate`: requests per second each client may make on average, with bursts of `burst` (0: no
    rate limit); `in_flight`: requests a client may have running at once (0: no cap)."""

    rate: float = 50.0
    burst: int = 100
    in_flight: int = 16

    @property
    def active(self) -> bool:
        return self.rate > 0 or self.in_flight > 0


class _Client:
    __slots__ = ("running", "stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp
        self.running = 0


class LimitMiddleware:
    """Applies `limits` to every HTTP request of `app` but those under /static (assets of a page)."""

    def __init__(self, app: Asgi, limits: ClientLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.limits = limits
        self.clock = clock
        self.clients: OrderedDict[str, _Client] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.limits.active or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        address = scope.get("client")
        key = address[0] if address else "?"
        client = self._client(key)
        refused = self._refusal(client)
        if refused is not None:
            await _refuse(send, *refused)
            return
        client.running += 1
        try:
            await self.app(scope, receive, send)
        finally:
            client.running -= 1

    def _client(self, key: str) -> _Client:
        now = self.clock()
        client = self.clients.get(key)
        if client is None:
            client = self.clients[key] = _Client(float(self.limits.burst), now)
            while len(self.clients) > MAX_CLIENTS:
                oldest = next(iter(self.clients))
                if self.clients[oldest].running:
                    break
                del self.clients[oldest]
        else:
            self.clients.move_to_end(key)
        return client

    def _refusal(self, client: _Client) -> tuple[str, str, int] | None:
        """(code, message, seconds to wait) when this request is over a limit, else None (and the
        request takes its token)."""
        limits = self.limits
        if limits.in_flight and client.running >= limits.in_flight:
            return "too_many_in_flight", f"at most {limits.in_flight} requests at once per client", 1
        if limits.rate <= 0:
            return None
        now = self.clock()
        client.tokens = min(float(limits.burst), client.tokens + (now - client.stamp) * limits.rate)
        client.stamp = now
        if client.tokens < 1.0:
            wait = max(1, math.ceil((1.0 - client.tokens) / limits.rate))
            return "rate_limited", f"more than {limits.rate:g} requests per second from this client", wait
        client.tokens -= 1.0
        return None


async def _refuse(send: Send, code: str, message: str, retry_after: int) -> None:
    body = json.dumps(error_body(429, code, f"{message}; retry after {retry_after} s")).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(retry_after).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})
