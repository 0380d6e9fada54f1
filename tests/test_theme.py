"""The theme's colours: every text colour on its background passes WCAG AA (4.5:1)."""

from __future__ import annotations

import pytest

from rag.app import theme


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        (theme.TEXT, "#ffffff"),
        (theme.SECONDARY_TEXT, "#ffffff"),
        (theme.LINK, "#ffffff"),
        (theme.LINK_VISITED, "#ffffff"),
        ("#ffffff", theme.BUTTON),
        ("#ffffff", theme.BUTTON_HOVER),
        (theme.TEXT, theme.SECONDARY_BUTTON),
        (theme.TEXT, theme.LIGHT_GREY),
        (theme.TEXT, theme.FOCUS),  # text on the focus colour
    ],
)
def test_text_colours_pass_wcag_aa(text: str, background: str) -> None:
    assert contrast(text, background) >= 4.5


def test_the_theme_uses_them() -> None:
    made = theme.govuk_theme()
    assert made.button_primary_background_fill == theme.BUTTON
    assert made.body_text_color == theme.TEXT
    assert made.link_text_color == theme.LINK
