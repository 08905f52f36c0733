"""The charts' colours are readable marks on the light and the dark theme (>= 3:1, WCAG 2.1 non-text contrast),
against the backgrounds the pinned Streamlit really draws."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import streamlit

from ui import charts

ROOT = Path(__file__).resolve().parents[1]


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


def test_the_backgrounds_are_the_ones_streamlit_draws():
    """The light and dark backgrounds of the installed Streamlit's frontend (its theme constants, the only
    literal bgColor values in its bundle), unless the dashboard's config sets its own."""
    bundle = Path(streamlit.__file__).parent / "static" / "static" / "js"
    found = {m.lower() for js in bundle.glob("*.js") for m in re.findall(r"bgColor:`(#[0-9A-Fa-f]{6})`", js.read_text(encoding="utf-8"))}
    assert len(found) == 2, f"expected one light and one dark theme background in {bundle}, found {sorted(found)}"
    light, dark = sorted(found, key=luminance, reverse=True)
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")).get("theme", {})
    light = theme.get("light", {}).get("backgroundColor", theme.get("backgroundColor", light)).lower()
    dark = theme.get("dark", {}).get("backgroundColor", theme.get("backgroundColor", dark)).lower()
    assert charts.BACKGROUNDS == (light, dark)
