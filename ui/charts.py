"""Figures from registry results (plotly only, no Streamlit): pages place them, each beside its table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ui.i18n import t
from ui.safe_text import chart_template, chart_text

_LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "legend": {"title": None, "orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
    "hovermode": "closest",
}
# The map geometry is served by the app itself (static/), never fetched from a CDN.
TOPOJSON = Path(__file__).resolve().parents[1] / "static" / "topojson" / "world_110m.json"
PLOTLY_CONFIG = {"topojsonURL": "/app/static/topojson/", "displaylogo": False}
# Marks readable on both themes: each colour has a contrast of at least 3:1 (WCAG 2.1, non-text) against
# Streamlit's light (#ffffff) and dark (#0e1117) backgrounds; tests/test_palette.py checks it.
BACKGROUNDS = ("#ffffff", "#0e1117")
PALETTE = (
    "#2f8ac4", "#cc6677", "#117733", "#b8660b", "#aa4499", "#5d69b1", "#8a7a00", "#24796c", "#ed645a", "#764e9f", "#d0508a", "#999933",
)  # fmt: skip


def colours(codes: list[str]) -> dict[str, str]:
    """A fixed colour per code (same code, same colour, in every chart and whatever the filters)."""
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(sorted(codes))}


def _steps(series: pd.DataFrame) -> pd.DataFrame:
    """Only the points where the count changes, and the last: a step line ("hv") draws the same."""
    values = series["in_force"].to_numpy()
    keep = np.ones(len(values), dtype=bool)
    keep[1:-1] = values[1:-1] != values[:-2]
    return series[keep]


def _literal(escaped: str) -> str:
    """Text already escaped by chart_text, placed inside a hovertemplate: % and braces kept literal."""
    return escaped.replace("%", "%%").replace("{", "&#123;").replace("}", "&#125;")


def _escaped(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The text columns that plotly shows (ticks, legends, hover values), escaped by ui.safe_text.chart_text."""
    return frame.assign(**{c: frame[c].map(chart_text, na_action="ignore") for c in columns if c in frame})


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, annotations=[{"text": t("No designations match the filters"), "showarrow": False}], **_LAYOUT)
    return fig


def _label_map(data: pd.DataFrame, by: str, labels: dict[str, str], palette: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    data = data.assign(label=data[by].map(lambda c: chart_text(labels.get(c, c))))
    return data, {chart_text(labels.get(code, code)): colour for code, colour in palette.items()}


def _by(by: str) -> str:
    """The heading of the split a chart's hover names: Designation or Jurisdiction."""
    return t("Jurisdiction") if by == "jurisdiction" else t("Designation")


def started_per_year(counts: pd.DataFrame, by: str, labels: dict[str, str], palette: dict[str, str] | None = None) -> go.Figure:
    title = t("Designations started per year, by jurisdiction") if by == "jurisdiction" else t("Designations started per year, by designation")
    if counts.empty:
        return _empty(title)
    data, colour_map = _label_map(counts.assign(year=counts["period"].dt.year), by, labels, palette or colours(list(counts[by].unique())))
    # graph_objects rather than plotly.express: the same bars, built in a tenth of the time and
    # lighter for the browser (one trace per label, no per-point hover data).
    fig = go.Figure(
        [
            go.Bar(
                x=part["year"].to_numpy(),
                y=part["count"].to_numpy(),
                name=label,
                legendgroup=label,
                marker_color=colour_map.get(label),
                customdata=part[by].astype(str).map(chart_text).to_numpy(),
                hovertemplate=(
                    f"{chart_template(_by(by))}: {_literal(label)}<br>{chart_template(t('Year'))}: %{{x}}<br>"
                    f"{chart_template(t('Designations started'))}: %{{y}}<br>{chart_template(t('Code'))}: %{{customdata}}<extra></extra>"
                ),
            )
            for label, part in data.groupby("label", sort=False)
        ]
    )
    fig.update_layout(title=title, barmode="stack", xaxis_title=t("Year"), yaxis_title=t("Designations started"), **_LAYOUT)
    fig.update_layout(legend_title_text=None)
    fig.update_xaxes(tickformat="d")
    return fig


def in_force(series: pd.DataFrame, by: str | None, labels: dict[str, str], palette: dict[str, str] | None = None) -> go.Figure:
    if by:
        title = t("Designations in force over time, by jurisdiction") if by == "jurisdiction" else t("Designations in force over time, by designation")
    else:
        title = t("Designations in force over time")
    if series.empty:
        return _empty(title)
    colour_map: dict[str, str] = {}
    data = series
    if by:
        data, colour_map = _label_map(series, by, labels, palette or colours(list(series[by].unique())))
    parts = [(label, _steps(part)) for label, part in (data.groupby("label", sort=False) if by else [(t("In force"), data)])]
    fig = go.Figure(
        [
            go.Scatter(
                x=part["date"].dt.strftime("%Y-%m-%d").to_numpy(),
                y=part["in_force"].to_numpy(),
                name=label,
                legendgroup=label,
                showlegend=bool(by),
                mode="lines",
                line={"shape": "hv", "color": colour_map.get(label)},
                hovertemplate=(f"{chart_template(_by(by))}: {_literal(label)}<br>" if by else "")
                + f"{chart_template(t('Date'))}: %{{x|%Y-%m-%d}}<br>{chart_template(t('In force'))}: %{{y}}<extra></extra>",
            )
            for label, part in parts
        ]
    )
    fig.update_layout(title=title, xaxis_title=t("Date"), yaxis_title=t("In force"), **_LAYOUT)
    return fig


def world_map(counts: pd.DataFrame, title: str, what: str) -> go.Figure:
    """counts: columns iso3, name, count."""
    data = counts.dropna(subset=["iso3"])
    if data.empty:
        return _empty(title)
    if not TOPOJSON.exists():  # no local geometry: a bar chart rather than a map fetched from a CDN
        fig = px.bar(_escaped(data, ["name"]).sort_values("count"), x="count", y="name", orientation="h", title=t("{title} (map geometry not installed)", title=title), labels={"count": what, "name": ""})
        fig.update_layout(**_LAYOUT)
        return fig
    fig = go.Figure(
        go.Choropleth(
            locations=data["iso3"].to_numpy(),
            z=data["count"].to_numpy(),
            text=data["name"].map(chart_text).to_numpy(),
            coloraxis="coloraxis",
            hovertemplate=f"<b>%{{text}}</b><br>{chart_template(what)}: %{{z}}<extra></extra>",
        )
    )
    fig.update_layout(title=title, coloraxis={"colorscale": "Reds"})
    fig.update_geos(
        showframe=False,
        showcoastlines=False,
        showland=True,
        landcolor="rgba(128,128,128,0.15)",
        showcountries=True,
        countrycolor="rgba(128,128,128,0.5)",
        countrywidth=0.4,
        projection_type="natural earth",
    )
    fig.update_layout(**_LAYOUT, coloraxis_colorbar={"title": what})
    return fig


def timeline(rows: pd.DataFrame, as_of: dt.date, labels: dict[str, str], names: dict[str, str] | None = None) -> go.Figure:
    """One bar per designation, from start to end (or to the chosen date while in force); jurisdictions
    by their `names`."""
    title = t("Every designation, by jurisdiction")
    if rows.empty:
        return _empty(title)
    end = pd.Timestamp(as_of)
    rows = rows.assign(jurisdiction=rows["jurisdiction"].astype(str).map(lambda c: (names or {}).get(c, c)))
    data = rows.assign(
        start=rows["start_date"],
        finish=rows["end_date"].fillna(end).where(rows["end_date"].fillna(end) > rows["start_date"], rows["start_date"] + pd.Timedelta(days=1)),
        measure=rows["outlet_name"].astype(str).str.slice(0, 40)
        + " · "
        + rows["jurisdiction"].astype(str)
        + " · "
        + rows["designation"].astype(str).map(lambda c: labels.get(c, c)),
        entity=rows["outlet_name"],
        until=rows["end_date"].dt.strftime("%Y-%m-%d").fillna(t("in force")),
    )
    data = _escaped(data, ["measure", "entity", "jurisdiction", "registry_ref", "legal_basis"])
    fig = px.timeline(
        data,
        x_start="start",
        x_end="finish",
        y="measure",
        color="jurisdiction",
        hover_name="entity",
        hover_data={"registry_ref": True, "legal_basis": True, "until": True, "start": "|%Y-%m-%d", "finish": False, "measure": False},
        title=title,
        labels={
            "measure": "",
            "jurisdiction": t("Jurisdiction"),
            "registry_ref": t("Registry no."),
            "legal_basis": t("Legal basis"),
            "start": t("Start"),
            "until": t("Until"),
            "entity": t("Outlet or person"),
        },
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=max(260, 60 + 34 * data["measure"].nunique()), **_LAYOUT)
    return fig


def comparison(counts: pd.DataFrame, labels: dict[str, str], palette: dict[str, str] | None = None, names: dict[str, str] | None = None) -> go.Figure:
    """counts: columns jurisdiction, designation, count; jurisdictions by their `names`."""
    title = t("Designations by jurisdiction and type")
    if counts.empty:
        return _empty(title)
    counts = counts.assign(jurisdiction=counts["jurisdiction"].astype(str).map(lambda c: (names or {}).get(c, c)))
    data, colour_map = _label_map(counts, "designation", labels, palette or colours(list(counts["designation"].unique())))
    data = _escaped(data, ["jurisdiction"])
    fig = px.bar(
        data,
        x="count",
        y="jurisdiction",
        color="label",
        color_discrete_map=colour_map,
        orientation="h",
        title=title,
        labels={"count": t("Designations"), "jurisdiction": t("Jurisdiction"), "label": t("Designation")},
    )
    fig.update_layout(barmode="stack", yaxis={"categoryorder": "total ascending"}, **_LAYOUT)
    return fig


EVENT_COLOURS = {"started": "#c0392b", "ended": "#2e86c1"}


def events(counts: pd.DataFrame, by: str, labels: dict[str, str], title: str) -> go.Figure:
    """Starts and ends side by side, one pair of bars per jurisdiction or designation (registry.events.event_counts)."""
    data = counts.melt(id_vars=by, value_vars=list(EVENT_COLOURS), var_name="event", value_name="count")
    words = {"started": t("Started"), "ended": t("Ended")}
    data["event"] = data["event"].map(words)
    data["label"] = data[by].map(lambda c: chart_text(labels.get(c, c)))
    data[by] = data[by].map(chart_text)
    fig = px.bar(
        data,
        x="label",
        y="count",
        color="event",
        barmode="group",
        color_discrete_map={words[event]: colour for event, colour in EVENT_COLOURS.items()},
        title=title,
        labels={"label": _by(by), "count": t("Designations"), "event": "", by: t("Code")},
        hover_data={by: True, "label": False},
    )
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"title": None, "orientation": "h", "y": -0.25},
        xaxis={"categoryorder": "total descending"},
    )
    fig.update_yaxes(tickformat="d")
    return fig
