"""Phrases of web boilerplate that must never be cited (from the Community Care pages)."""

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
