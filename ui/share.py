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
from registry.params import FACETS
from ui import lazy
from ui.i18n import t


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


def tab_title(reg: registry.Registry, page_title: str, filters: registry.Filters) -> str:
    """The browser tab's title: the page, then its main choice (the outlet, or the filters in words)."""
    from ui.labels import option_words

    outlet = st.query_params.get("outlet") if page_title == t("Outlet profile") else None
    if outlet in reg.outlet_rows.index:
        detail = [str(reg.outlet_rows.at[outlet, "name"])]
    else:
        words = option_words(reg)
        chosen = [(f.name, getattr(filters, f.field)) for f in FACETS]
        detail = [words[name].get(code, code).split(" · ")[0] for name, codes in chosen for code in codes][:3]
        detail += [f"“{filters.q[:40]}”"] if filters.q else []
    name = t("Media Freedom Registry")
    return " · ".join([page_title, ", ".join(detail), name] if detail else [page_title, name])


def copy_link(page_path: str) -> None:
    """The link to this view, with every choice in it, and a button that copies it (the code block's own),
    one click away: a code block on the first screen costs the reader's browser half a second of
    JavaScript (its highlighter) on every first visit (README, Performance)."""
    box = lazy.expander(t("Link to this view"), key="share_link", icon=":material/link:")
    if box is not None:
        with box:
            _link(page_path)


def _link(page_path: str) -> None:
    st.caption(t("Link to this view (Copy link: the button at the right of the box)"))
    st.code(view_url(page_path), language=None, wrap_lines=True)


def embed_snippet(url: str, title: str) -> str:
    glue = "&" if "?" in url else "?"
    src = html.escape(f"{url}{glue}embed=true&sidebar=collapsed", quote=True)
    return (
        f'<iframe src="{src}" title="{html.escape(title, quote=True)}" width="100%" height="640" style="border:0" loading="lazy"></iframe>'
    )


def cite_and_embed(reg: registry.Registry, title: str, page_path: str) -> None:
    """An expander with the link to this view, its citation in three formats and its embed snippet
    (drawn only while open: ui/lazy.py)."""
    box = lazy.expander(t("Link, cite or embed this view"), key="cite_embed", icon=":material/format_quote:")
    if box is None:
        return
    url = view_url(page_path)
    today = dt.date.today()
    with box:
        _link(page_path)
        text, bibtex, csl, embed = st.tabs([t("Text"), "BibTeX", "CSL-JSON", t("Embed")])
        args = {"title": title, "version": reg.version, "created": reg.package.created, "url": url, "accessed": today}
        text.code(cite.citation(**args, fmt="text"), language=None, wrap_lines=True)
        bibtex.code(cite.citation(**args, fmt="bibtex"), language="latex")
        csl.code(cite.citation(**args, fmt="csl"), language="json")
        embed.caption(t("Paste into a web page: the same view without the sidebar (Streamlit's embed mode)."))
        embed.code(embed_snippet(url, title), language="html", wrap_lines=True)
