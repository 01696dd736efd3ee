"""Limits per client (#13): over the rate or the in-flight cap a request gets 429 in the one error
shape, with Retry-After, and other clients are not affected."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from dipcorpus.api.app import create_app
from dipcorpus.api.limits import ClientLimits, LimitMiddleware


def test_a_client_over_its_rate_gets_429_in_the_error_shape(corpus: tuple[Path, dict[str, str]]) -> None:
    app = create_app(corpus[0], limits=ClientLimits(rate=0.01, burst=3, in_flight=0))
    with TestClient(app, client=("10.0.0.1", 5000)) as one, TestClient(app, client=("10.0.0.2", 5000)) as two:
        assert [one.get("/api/search", params={"q": "water"}).status_code for _ in range(3)] == [200] * 3
        refused = one.get("/api/search", params={"q": "water"})
        assert refused.status_code == 429
        assert refused.json()["error"]["status"] == 429
        assert refused.json()["error"]["code"] == "rate_limited"
        assert refused.headers["retry-after"].isdigit() and int(refused.headers["retry-after"]) >= 1
        assert refused.headers["x-content-type-options"] == "nosniff"  # the security headers too
        assert two.get("/api/search", params={"q": "water"}).status_code == 200  # another client is not held
        assert one.get("/static/app.css").status_code != 429  # a page's assets are not counted


def test_no_limits_unless_asked(corpus: tuple[Path, dict[str, str]]) -> None:
    app = create_app(corpus[0])
    with TestClient(app) as client:
        assert all(client.get("/api").status_code == 200 for _ in range(120))


def _scope(host: str) -> dict[str, Any]:
    return {"type": "http", "path": "/api/search", "client": (host, 1), "headers": []}


async def _call(app: Any, host: str) -> tuple[int, dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(_scope(host), receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(sent[0]["status"]), json.loads(body) if body else {}


def test_requests_in_flight_are_capped_per_client() -> None:
    release = asyncio.Event()

    async def slow(scope: Any, receive: Any, send: Any) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    app = LimitMiddleware(slow, ClientLimits(rate=0, in_flight=2))

    async def scenario() -> list[tuple[int, dict[str, Any]]]:
        first = [asyncio.create_task(_call(app, "a")) for _ in range(2)]
        await asyncio.sleep(0.01)
        third = await _call(app, "a")  # answered at once: two of a's are still running
        other = asyncio.create_task(_call(app, "b"))
        await asyncio.sleep(0.01)
        release.set()
        done = [await t for t in first] + [await other]
        again = await _call(app, "a")  # a's requests have ended: room again
        return [third, *done, again]

    third, *rest = asyncio.run(scenario())
    assert third[0] == 429 and third[1]["error"]["code"] == "too_many_in_flight"
    assert [status for status, _ in rest] == [200, 200, 200, 200]


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(0.5, 50),
    burst=st.integers(1, 20),
    gaps=st.lists(st.floats(0, 0.5), min_size=1, max_size=200),
)
def test_accepted_requests_never_exceed_burst_plus_rate_times_time(rate: float, burst: int, gaps: list[float]) -> None:
    clock = [1000.0]

    async def ok(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    app = LimitMiddleware(ok, ClientLimits(rate=rate, burst=burst, in_flight=0), clock=lambda: clock[0])

    async def scenario() -> list[float]:
        accepted = []
        for gap in gaps:
            clock[0] += gap
            status, body = await _call(app, "a")
            if status == 200:
                accepted.append(clock[0])
            else:
                assert status == 429 and body["error"]["code"] == "rate_limited"
        return accepted

    accepted = asyncio.run(scenario())
    for i, start in enumerate(accepted):  # in every window from an accepted request on
        for j in range(i, len(accepted)):
            assert j - i + 1 <= burst + rate * (accepted[j] - start) + 1e-6
    if all(g >= 1 / rate for g in gaps[1:]):  # a client that keeps to the rate is never refused
        assert len(accepted) == len(gaps)
