"""The app's look, in the spirit of the GOV.UK Design System: its text, link, button and
border colours, its yellow-and-black focus, square corners and generous spacing, in system
fonts (nothing is loaded from elsewhere). Each pair of text and background colours has a
contrast ratio of 4.5:1 or more (WCAG AA)."""

from __future__ import annotations

import gradio as gr

TEXT = "#0b0c0c"  # on white 19.0:1
SECONDARY_TEXT = "#484949"  # GOV.UK's secondary text (#505a5f) darkened: 9.2:1 on white
LINK = "#1d70b8"  # 5.2:1 on white
LINK_HOVER = "#003078"
LINK_VISITED = "#4c2c92"
BUTTON = "#00703c"  # white on it 6.2:1
BUTTON_HOVER = "#005a30"
BUTTON_SHADOW = "#002d18"
SECONDARY_BUTTON = "#f3f2f1"  # GOV.UK text on it 17.1:1
BORDER = "#b1b4b6"
INPUT_BORDER = TEXT
FOCUS = "#ffdd00"
LIGHT_GREY = "#f3f2f1"
FONTS = ("Arial", "Helvetica", "system-ui", "sans-serif")  # GOV.UK's fallback stack


def govuk_theme() -> gr.themes.Base:
    """A Gradio theme with the GOV.UK Design System's colours, focus and spacing."""
    theme = gr.themes.Base(
        primary_hue=gr.themes.colors.green,
        neutral_hue=gr.themes.colors.gray,
        radius_size=gr.themes.sizes.radius_none,
        spacing_size=gr.themes.sizes.spacing_lg,
        text_size=gr.themes.sizes.text_lg,
        font=FONTS,
        font_mono=("Consolas", "Menlo", "monospace"),
    )
    return theme.set(
        body_text_color=TEXT,
        body_text_color_subdued=SECONDARY_TEXT,
        block_label_text_color=TEXT,
        block_title_text_color=TEXT,
        block_info_text_color=SECONDARY_TEXT,
        body_background_fill="#ffffff",
        background_fill_secondary=LIGHT_GREY,
        link_text_color=LINK,
        link_text_color_hover=LINK_HOVER,
        link_text_color_visited=LINK_VISITED,
        link_text_color_active=TEXT,
        border_color_primary=BORDER,
        block_border_color=BORDER,
        input_background_fill="#ffffff",
        input_border_color=INPUT_BORDER,
        input_border_color_focus=INPUT_BORDER,
        input_border_width="2px",
        input_shadow_focus=f"0 0 0 3px {FOCUS}",
        button_primary_background_fill=BUTTON,
        button_primary_background_fill_hover=BUTTON_HOVER,
        button_primary_text_color="#ffffff",
        button_primary_text_color_hover="#ffffff",
        button_primary_border_color=BUTTON,
        button_primary_shadow=f"0 2px 0 {BUTTON_SHADOW}",
        button_secondary_background_fill=SECONDARY_BUTTON,
        button_secondary_background_fill_hover="#dbdad9",
        button_secondary_text_color=TEXT,
        button_secondary_text_color_hover=TEXT,
        button_secondary_border_color=SECONDARY_BUTTON,
        button_secondary_shadow="0 2px 0 #929191",
        checkbox_background_color_selected=BUTTON,
        checkbox_border_color_selected=BUTTON,
        checkbox_border_color=TEXT,
        checkbox_border_width="2px",
        checkbox_label_text_color=TEXT,
        checkbox_label_background_fill_selected=LIGHT_GREY,
        checkbox_label_text_color_selected=TEXT,
        color_accent=BUTTON,
        color_accent_soft=LIGHT_GREY,
        table_text_color=TEXT,
    )
