"""The login of a shared deployment: repeated wrong passwords from one address are refused for
a while.

Gradio checks the password itself (RAG_AUTH); an `auth` callable would see only the user name
and password, not who is trying, so the throttle sits in front of Gradio's `POST /login` as
ASGI middleware and counts the failures it answers (status 400) per client address.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0
LOCKOUT_SECONDS = 900.0
LOGIN_PATHS = ("/login", "/login/")
LOGIN_NOTICE = (
    f"After {MAX_FAILURES} wrong passwords from one address within "
    f"{WINDOW_SECONDS / 60:.0f} minutes, logins from it are refused for "
    f"{LOCKOUT_SECONDS / 60:.0f} minutes."
)


def refusal_message(seconds: float) -> str:
    """What a locked-out client is told: why, and when to try again."""
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        "Too many failed logins from this address: try again in "
        f"{minutes} {unit}, or ask whoever runs the app for the password."
    )


@dataclass
class LoginThrottle:
    """Counts failed logins per client; `max_failures` within `window` seconds lock the
    client out for `lockout` seconds. Safe to share between threads."""

    max_failures: int = MAX_FAILURES
    window: float = WINDOW_SECONDS
    lockout: float = LOCKOUT_SECONDS
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, client: str) -> float:
        """Seconds until `client` may try again (0: now)."""
        with self._lock:
            return max(0.0, self._locked_until.get(client, 0.0) - self.clock())

    def failed(self, client: str) -> None:
        """Record a wrong password; lock the client out when it has had too many."""
        with self._lock:
            now = self.clock()
            self._forget_before(now - max(self.window, self.lockout))
            recent = [t for t in self._failures.get(client, []) if t > now - self.window]
            recent.append(now)
            self._failures[client] = recent
            if len(recent) >= self.max_failures:
                self._locked_until[client] = now + self.lockout
                self._failures.pop(client)

    def succeeded(self, client: str) -> None:
        """A good login: the client's failures are forgotten."""
        with self._lock:
            self._failures.pop(client, None)

    def tracked(self) -> int:
        """How many clients are remembered (failures or a lockout)."""
        with self._lock:
            return len(self._failures.keys() | self._locked_until.keys())

    def _forget_before(self, cutoff: float) -> None:
        self._failures = {c: ts for c, ts in self._failures.items() if ts[-1] > cutoff}
        self._locked_until = {c: t for c, t in self._locked_until.items() if t > cutoff}


class ThrottledLogin:
    """ASGI middleware: refuses `POST /login` from a locked-out client with 429 and a message;
    records each answer Gradio gives to the others."""

    def __init__(self, app: ASGIApp, throttle: LoginThrottle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass every request on; watch and limit the login form's."""
        if not _is_login(scope):
            await self.app(scope, receive, send)
            return
        client = scope["client"][0] if scope.get("client") else "unknown"
        wait = self.throttle.wait(client)
        if wait > 0:
            refusal = JSONResponse(
                {"detail": refusal_message(wait)},
                status_code=429,
                headers={"Retry-After": str(math.ceil(wait))},
            )
            await refusal(scope, receive, send)
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status == 400:
            self.throttle.failed(client)
        elif status == 200:
            self.throttle.succeeded(client)


def _is_login(scope: Scope) -> bool:
    return scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in LOGIN_PATHS
