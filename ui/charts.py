"""Figures from registry results (plotly only, no Streamlit): pages place them, each beside its table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from registry.year_span import YearSpan
from ui.i18n import number, t
from ui.panels import Part, panels
from ui.safe_text import chart_template, chart_text

_LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "legend": {"title": None, "orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
    "hovermode": "closest",
}
# The map geometry is served by the app itself (static/), never fetched from a CDN.
GEOMETRY = Path(__file__).resolve().parents[1] / "static" / "topojson"
TOPOJSON = GEOMETRY / "world_110m.json"
# Plotly asks for <scope>_<resolution>m.json under topojsonURL: Europe at 1:50m, so that its small countries show.
AREAS = {"world": {"file": "world_110m.json", "geos": {"projection_type": "natural earth"}}, "europe": {"file": "europe_50m.json", "geos": {"scope": "europe", "resolution": 50}}}
PLOTLY_CONFIG = {"topojsonURL": "/app/static/topojson/", "displaylogo": False}
# Marks readable on both themes: each colour has a contrast of at least 3:1 (WCAG 2.1, non-text) against
# Streamlit 1.67's light (#ffffff) and dark (#171614) backgrounds (its frontend's theme constants; the
# dashboard's .streamlit/config.toml keeps them); tests/test_palette.py checks both the contrast and the values.
BACKGROUNDS = ("#ffffff", "#171614")
PALETTE = (
    "#2f8ac4", "#cc6677", "#117733", "#b8660b", "#aa4499", "#5d69b1", "#8a7a00", "#24796c", "#ed645a", "#7f54ab", "#d0508a", "#999933",
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


def _split_word(by: str) -> str:
    return t("Jurisdiction") if by == "jurisdiction" else t("Designation")


def _in_span(frame: pd.DataFrame, column: str, span: YearSpan | None) -> pd.DataFrame:
    """The rows a chart opened on `span` draws: from 1 January of its opening year."""
    return frame if span is None or not span.trimmed else frame[frame[column] >= span.start]


def _label_map(data: pd.DataFrame, by: str, labels: dict[str, str], palette: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    data = data.assign(label=data[by].map(lambda c: chart_text(labels.get(c, c))))
    return data, {chart_text(labels.get(code, code)): colour for code, colour in palette.items()}


def started_per_year(
    counts: pd.DataFrame,
    by: str,
    labels: dict[str, str],
    palette: dict[str, str] | None = None,
    bars: str = "stacked",
    scale: str = "shared",
    span: YearSpan | None = None,
) -> go.Figure:
    """Bars of designations started per year, split `by`: stacked, grouped, or one panel per part
    (bars="panels", on the shared or each its `own` scale); from the year `span` opens on."""
    title = t("Designations started per year, by jurisdiction") if by == "jurisdiction" else t("Designations started per year, by designation")
    counts = _in_span(counts, "period", span)
    if counts.empty:
        return _empty(title)
    data, colour_map = _label_map(counts.assign(year=counts["period"].dt.year), by, labels, palette or colours(list(counts[by].unique())))
    split = chart_template(_split_word(by))
    started = chart_template(t("Designations started"))
    year = chart_template(t("Year"))
    groups = data.groupby("label", sort=False)
    if bars == "panels":
        order = groups["count"].sum().sort_values(ascending=False, kind="stable").index
        parts = [
            Part(label, colour_map.get(label), groups.get_group(label)["year"].to_numpy(), groups.get_group(label)["count"].to_numpy(),
                 f"{split}: {_literal(label)}<br>{year}: %{{x}}<br>{started}: %{{y}}<extra></extra>")
            for label in order
        ]  # fmt: skip
        fig = panels(parts, shared=scale != "own", title=title)
        if span is not None:
            fig.update_xaxes(range=[span.opens - 0.5, span.last + 0.5])
        return fig
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
                hovertemplate=f"{split}: {_literal(label)}<br>{year}: %{{x}}<br>{started}: %{{y}}<extra></extra>",
            )
            for label, part in groups
        ]
    )
    fig.update_layout(title=title, barmode="group" if bars == "grouped" else "stack", xaxis_title=t("Year"), yaxis_title=t("Designations started"), **_LAYOUT)
    fig.update_layout(legend_title_text=None)
    fig.update_xaxes(tickformat="d")
    if span is not None:
        fig.update_xaxes(range=[span.opens - 0.5, span.last + 0.5])
    return fig


def in_force(series: pd.DataFrame, by: str | None, labels: dict[str, str], palette: dict[str, str] | None = None, span: YearSpan | None = None) -> go.Figure:
    """Step lines of designations in force at each month's end, from the year `span` opens on."""
    title = {None: t("Designations in force over time"), "jurisdiction": t("Designations in force over time, by jurisdiction")}.get(by, t("Designations in force over time, by designation"))
    series = _in_span(series, "date", span)
    if series.empty:
        return _empty(title)
    colour_map: dict[str, str] = {}
    data = series
    if by:
        data, colour_map = _label_map(series, by, labels, palette or colours(list(series[by].unique())))
    parts = [(label, _steps(part)) for label, part in (data.groupby("label", sort=False) if by else [(chart_text(t("In force")), data)])]
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
                hovertemplate=(f"{chart_template(_split_word(by))}: {_literal(label)}<br>" if by else "")
                + f"{chart_template(t('Date'))}: %{{x|%Y-%m-%d}}<br>{chart_template(t('In force'))}: %{{y}}<extra></extra>",
            )
            for label, part in parts
        ]
    )
    fig.update_layout(title=title, xaxis_title=t("Date"), yaxis_title=t("In force"), **_LAYOUT)
    return fig


LOG_SCALE_SPREAD = 20  # the largest count at least this many times the smallest: a map coloured by the logarithm


def world_map(counts: pd.DataFrame, title: str, what: str, area: str = "world") -> go.Figure:
    """counts: columns iso3, name, count. area: "world" or "europe" (registry.params.MAP_AREAS), drawn
    from the geometry the app serves itself (static/topojson): no request leaves the server's host."""
    data = counts.dropna(subset=["iso3"])
    if data.empty:
        return _empty(title)
    shape = AREAS.get(area, AREAS["world"])
    if not (GEOMETRY / shape["file"]).exists():  # no local geometry: a bar chart rather than a map fetched from a CDN
        fig = px.bar(
            _escaped(data, ["name"]).sort_values("count"), x="count", y="name", orientation="h",
            title=t("{title} (map geometry not installed)", title=title), labels={"count": what, "name": ""},
        )  # fmt: skip
        fig.update_layout(**_LAYOUT)
        return fig
    values = data["count"].to_numpy()
    # One country far ahead (Russia's ~600 beside others' tens) would leave every other one pale on a
    # linear scale: colour by the logarithm then, the colour bar labelled in counts.
    logged = bool(values.max() >= LOG_SCALE_SPREAD * max(values.min(), 1))
    fig = go.Figure(
        go.Choropleth(
            locations=data["iso3"].to_numpy(),
            z=np.log10(np.maximum(values, 1)) if logged else values,
            customdata=values,
            text=data["name"].map(chart_text).to_numpy(),
            coloraxis="coloraxis",
            hovertemplate=f"<b>%{{text}}</b><br>{chart_template(what)}: %{{customdata}}<extra></extra>",
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
        **shape["geos"],
    )
    colorbar: dict[str, object] = {"title": what}
    if logged:
        ticks = [v for v in (1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000) if values.min() <= v <= values.max()]
        colorbar = {"title": t("{what} (log scale)", what=what), "tickvals": np.log10(ticks).tolist(), "ticktext": [number(v) for v in ticks]}
    fig.update_layout(**_LAYOUT, coloraxis_colorbar=colorbar, height=560 if area == "europe" else 480)
    return fig


def timeline(rows: pd.DataFrame, as_of: dt.date, labels: dict[str, str], names: dict[str, str] | None = None, laws: dict[str, str] | None = None) -> go.Figure:
    """One bar per designation, from start to end (or to the chosen date while in force); jurisdictions
    by their `names`, legal bases by their `laws`' titles."""
    title = t("Every designation, by jurisdiction")
    if rows.empty:
        return _empty(title)
    end = pd.Timestamp(as_of)
    rows = rows.assign(
        jurisdiction=rows["jurisdiction"].astype(str).map(lambda c: (names or {}).get(c, c)),
        legal_basis=rows["legal_basis"].map(lambda c: (laws or {}).get(c, c), na_action="ignore"),
    )
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
    data = _escaped(data.fillna({"registry_ref": "", "legal_basis": ""}), ["measure", "entity", "jurisdiction", "registry_ref", "legal_basis", "until"])
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
            "measure": "", "jurisdiction": t("Jurisdiction"), "registry_ref": t("Registry no."), "legal_basis": t("Legal basis"),
            "start": t("Start"), "until": t("Until"), "entity": t("Outlet or person"),
        },
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=max(260, 60 + 34 * data["measure"].nunique()), **_LAYOUT)
    return fig


def comparison(
    counts: pd.DataFrame,
    labels: dict[str, str],
    palette: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
    bars: str = "stacked",
    scale: str = "shared",
) -> go.Figure:
    """counts: columns jurisdiction, designation, count; jurisdictions by their `names`. Bars per
    jurisdiction stacked or grouped by designation, or one panel per designation (bars="panels")."""
    title = t("Designations by jurisdiction and type")
    if counts.empty:
        return _empty(title)
    counts = counts.assign(jurisdiction=counts["jurisdiction"].astype(str).map(lambda c: (names or {}).get(c, c)))
    data, colour_map = _label_map(counts, "designation", labels, palette or colours(list(counts["designation"].unique())))
    data = _escaped(data, ["jurisdiction"])
    if bars == "panels":
        groups = data.groupby("label", sort=False)
        order = groups["count"].sum().sort_values(ascending=False, kind="stable").index
        parts = []
        for label in order:
            part = groups.get_group(label).sort_values("count", kind="stable")
            parts.append(Part(label, colour_map.get(label), part["jurisdiction"].to_numpy(), part["count"].to_numpy(), f"<b>%{{y}}</b><br>{_literal(label)}: %{{x}}<extra></extra>"))
        return panels(parts, shared=scale != "own", horizontal=True, title=title)
    fig = go.Figure(
        [
            go.Bar(
                x=part["count"].to_numpy(),
                y=part["jurisdiction"].to_numpy(),
                orientation="h",
                name=label,
                legendgroup=label,
                marker_color=colour_map.get(label),
                hovertemplate=f"<b>%{{y}}</b><br>{_literal(label)}: %{{x}}<extra></extra>",
            )
            for label, part in data.groupby("label", sort=False)
        ]
    )
    jurisdictions = data.groupby("jurisdiction")["count"].sum().sort_values(kind="stable").index
    fig.update_layout(
        title=title,
        barmode="group" if bars == "grouped" else "stack",
        xaxis_title=t("Designations"),
        yaxis={"categoryorder": "array", "categoryarray": list(jurisdictions), "title": t("Jurisdiction")},
        height=max(360, 120 + (26 if bars != "grouped" else 14 * data["label"].nunique()) * len(jurisdictions)),
        **_LAYOUT,
    )
    fig.update_layout(legend_title_text=None)
    return fig


EVENT_COLOURS = {"started": "#c0392b", "ended": "#2e86c1"}


def events(counts: pd.DataFrame, by: str, labels: dict[str, str], title: str) -> go.Figure:
    """Starts and ends side by side, one pair of bars per jurisdiction or designation (registry.events.event_counts)."""
    words = {"started": chart_text(t("started")), "ended": chart_text(t("ended"))}
    data = counts.melt(id_vars=by, value_vars=list(EVENT_COLOURS), var_name="event", value_name="count")
    data["label"] = data[by].map(lambda c: chart_text(labels.get(c, c)))
    data["event"] = data["event"].map(words)
    fig = px.bar(
        data,
        x="label",
        y="count",
        color="event",
        barmode="group",
        color_discrete_map={words[k]: v for k, v in EVENT_COLOURS.items()},
        title=title,
        labels={"label": _split_word(by), "count": t("Designations"), "event": ""},
        hover_data={"label": True},
    )
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"title": None, "orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},  # above: long names below the axis do not run into it
        xaxis={"categoryorder": "total descending"},
    )
    fig.update_yaxes(tickformat="d")
    return fig
