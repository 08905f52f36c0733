"""Showing untrusted text safely: data never becomes markdown, HTML or a non-http(s) link."""

from __future__ import annotations

import re

from registry.validate import is_http_url

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text for st.markdown / st.caption / titles, with every markdown and HTML character escaped."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def safe_url(url: object) -> str | None:
    """The URL when it is http(s), else None (never a javascript: or data: link)."""
    return url if isinstance(url, str) and is_http_url(url) else None
