"""Showing untrusted text safely: data never becomes markdown, HTML or a non-http(s) link.

The one rule: every value from the data or the address bar is passed through ``plain`` where it
meets Streamlit markdown (notices, captions, headers, labels) and through ``chart_text`` where it
meets plotly (titles, axis and tick labels, legends, hover text). Neither renders an image, a link,
a colour directive or a style tag from what it is given.
"""

from __future__ import annotations

import html
import re

from registry.validate import is_http_url

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# Streamlit's markdown (GFM) turns a bare address into a link after escapes are read, so escaping
# alone leaves "http\://x" clickable: an invisible word joiner inside "://", "www." and "@" stops it.
_AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=\bwww)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """Text for st.markdown / st.caption / titles: every markdown and HTML character escaped, and
    addresses not turned into links (the text reads the same; it is simply not clickable)."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    unlinked = _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER if m.group() == ":" else WORD_JOINER, str(text))
    return _MD_SPECIAL.sub(r"\\\1", unlinked).replace("\n", " ")


def chart_text(text: object) -> str:
    """Text for plotly labels, legends, ticks and hover values: its pseudo-HTML (<a>, <span style>,
    <img>, <br>) shown as written, never rendered. Plotly turns the entities back into characters."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return html.escape(str(text), quote=False).replace("\n", " ")


def chart_template(text: object) -> str:
    """Literal text inside a plotly hovertemplate: as chart_text, and its % and braces kept literal."""
    return chart_text(text).replace("%", "%%").replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: object) -> str | None:
    """The URL when it is http(s), else None (never a javascript: or data: link)."""
    return url if isinstance(url, str) and is_http_url(url) else None
