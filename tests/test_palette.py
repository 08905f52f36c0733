"""The charts' colours are readable marks on the light and the dark theme (>= 3:1, WCAG 2.1 non-text contrast)."""

from __future__ import annotations

import pytest

from ui import charts


def luminance(colour: str) -> float:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_computed_as_wcag_does():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("background", charts.BACKGROUNDS)
@pytest.mark.parametrize("colour", [*charts.PALETTE, *charts.EVENT_COLOURS.values()])
def test_every_mark_colour_stands_out_on_both_themes(colour, background):
    assert contrast(colour, background) >= 3.0, f"{colour} on {background}: {contrast(colour, background):.2f}:1"


def test_colours_come_from_the_palette_and_are_distinct():
    assigned = charts.colours([f"c{i}" for i in range(len(charts.PALETTE))])
    assert set(assigned.values()) == set(charts.PALETTE)
