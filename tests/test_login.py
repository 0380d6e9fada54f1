"""Login throttling: repeated wrong passwords from one address are refused for a while."""

from __future__ import annotations

import pytest

from rag.app.login import LoginThrottle, refusal_message


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("failures", "gap", "locked"),
    [
        (4, 1.0, False),  # below the limit
        (5, 1.0, True),  # the limit reached within the window
        (5, 80.0, False),  # the same failures spread beyond the window
    ],
)
def test_failures_within_the_window_lock_the_address(
    failures: int, gap: float, locked: bool
) -> None:
    clock = Clock()
    throttle = LoginThrottle(max_failures=5, window=300, lockout=900, clock=clock)
    for _ in range(failures):
        assert throttle.wait("10.0.0.1") == 0
        throttle.failed("10.0.0.1")
        clock.now += gap
    assert (throttle.wait("10.0.0.1") > 0) is locked
    assert throttle.wait("10.0.0.2") == 0  # another address is not affected


def test_lockout_ends_and_success_clears_the_count() -> None:
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, window=300, lockout=900, clock=clock)
    for _ in range(3):
        throttle.failed("a")
    assert throttle.wait("a") == pytest.approx(900)
    clock.now += 901
    assert throttle.wait("a") == 0
    throttle.failed("a")
    throttle.failed("a")
    throttle.succeeded("a")
    throttle.failed("a")
    assert throttle.wait("a") == 0  # the count started again after the good login


def test_forgotten_addresses_do_not_accumulate() -> None:
    clock = Clock()
    throttle = LoginThrottle(max_failures=5, window=300, lockout=900, clock=clock)
    for n in range(1000):
        throttle.failed(f"10.0.{n // 250}.{n % 250}")
    clock.now += 2000
    throttle.failed("late")
    assert throttle.tracked() == 1


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(30, "1 minute"), (61, "2 minutes"), (900, "15 minutes")],
)
def test_refusal_says_when_to_try_again(seconds: float, expected: str) -> None:
    message = refusal_message(seconds)
    assert "Too many failed logins" in message and f"try again in {expected}" in message
