"""The one error shape of the HTTP API: {"error": {"status": N, "code": "...", "message": "..."}}.

Every error response, whatever raised it (a malformed query, an unknown id, a validation failure of
FastAPI, an unknown route, a timeout, a bug), has this shape and this shape only.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CODES", "ApiError", "error_body"]

# status → the code used when nothing more specific is known
CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    422: "bad_request",
    500: "internal_error",
    503: "timeout",
}


class ApiError(Exception):
    """An error with an HTTP status, a stable machine-readable code and a message for people."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_body(status: int, code: str | None, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code or CODES.get(status, "error"), "message": message}}
