"""Helpers shared by tests: boilerplate phrases that must never be cited, a free port."""

import socket


def free_port() -> int:
    """A TCP port nobody is listening on, for a test server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


BOILERPLATE = (
    "More from Community Care",
    "Comments are closed",
    "Job of the week",
    "Sign up for",
    "Employer Profiles",
    "Recent Ofsted reports",
    "credit:",
    "Photo:",
    "©",
    "You can read the full",
)


# A document whose text holds HTML and script: the app must show it as text.
HOSTILE_TITLE = "Zebra <script>alert('title')</script> crossing report"
HOSTILE_SENTENCE = (
    "The zebra crossing report said <script>alert('xss')</script> inspectors found "
    "<img src=x onerror=alert('img')> nothing unusual at the zebra crossing."
)
