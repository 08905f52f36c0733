"""Cite or embed the view on screen: a citation (plain text, BibTeX, CSL-JSON) with the permalink of
the view, and an iframe snippet of the same view in Streamlit's embed mode (no menu) with the sidebar folded
away (`sidebar=collapsed`).

The permalink is the public address (REGISTRY_PUBLIC_URL) when configured, else the address the
reader's own browser shows, with the view's URL parameters. Everything is shown in code blocks,
as text: nothing from the data or the address bar is rendered as markup.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from urllib.parse import urlencode, urlsplit

import streamlit as st

import registry
from registry import cite


def _base() -> str:
    configured = os.environ.get("REGISTRY_PUBLIC_URL", "").rstrip("/")
    if configured.startswith(("http://", "https://")):
        return configured
    here = st.context.url or "http://localhost:8501/"
    parts = urlsplit(here)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else "http://localhost:8501"


def view_url(page_path: str, extra: dict[str, str] | None = None) -> str:
    """The permalink of this page with every URL parameter of the view (repeated ones kept)."""
    params = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    params += list((extra or {}).items())
    query = urlencode(params)
    return f"{_base()}/{page_path.strip('/')}" + (f"?{query}" if query else "")


def embed_snippet(url: str, title: str) -> str:
    glue = "&" if "?" in url else "?"
    src = html.escape(f"{url}{glue}embed=true&sidebar=collapsed", quote=True)
    return f'<iframe src="{src}" title="{html.escape(title, quote=True)}" width="100%" height="640" style="border:0" loading="lazy"></iframe>'


def cite_and_embed(reg: registry.Registry, title: str, page_path: str) -> None:
    """An expander with the citation in three formats and the embed snippet of this view."""
    url = view_url(page_path)
    today = dt.date.today()
    with st.expander("Cite or embed this view", icon=":material/format_quote:"):
        text, bibtex, csl, embed = st.tabs(["Text", "BibTeX", "CSL-JSON", "Embed"])
        args = {"title": title, "version": reg.version, "created": reg.package.created, "url": url, "accessed": today}
        text.code(cite.citation(**args, fmt="text"), language=None, wrap_lines=True)
        bibtex.code(cite.citation(**args, fmt="bibtex"), language="latex")
        csl.code(cite.citation(**args, fmt="csl"), language="json")
        embed.caption("Paste into a web page: the same view without the sidebar (Streamlit's embed mode).")
        embed.code(embed_snippet(url, title), language="html", wrap_lines=True)
