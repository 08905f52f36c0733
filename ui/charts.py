"""Figures from registry results (plotly only, no Streamlit): pages place them, each beside its table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "legend": {"title": None}, "hovermode": "closest"}


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, annotations=[{"text": "No designations match the filters", "showarrow": False}], **_LAYOUT)
    return fig


def started_per_year(counts: pd.DataFrame, by: str, labels: dict[str, str]) -> go.Figure:
    title = f"Designations started per year, by {by}"
    if counts.empty:
        return _empty(title)
    data = counts.assign(year=counts["period"].dt.year, label=counts[by].map(lambda c: labels.get(c, c)))
    fig = px.bar(
        data,
        x="year",
        y="count",
        color="label",
        title=title,
        labels={"year": "Year", "count": "Designations started", "label": by.capitalize()},
        hover_data={by: True, "label": False},
    )
    fig.update_layout(barmode="stack", xaxis={"dtick": 1}, **_LAYOUT)
    return fig


def in_force(series: pd.DataFrame, by: str | None, labels: dict[str, str]) -> go.Figure:
    title = "Designations in force over time" + (f", by {by}" if by else "")
    if series.empty:
        return _empty(title)
    data = series.assign(label=series[by].map(lambda c: labels.get(c, c))) if by else series
    fig = px.line(
        data,
        x="date",
        y="in_force",
        color="label" if by else None,
        line_shape="hv",
        title=title,
        labels={"date": "Date", "in_force": "In force", "label": (by or "").capitalize()},
    )
    fig.update_layout(**_LAYOUT)
    return fig


def world_map(counts: pd.DataFrame, title: str, what: str) -> go.Figure:
    """counts: columns iso3, name, count."""
    data = counts.dropna(subset=["iso3"])
    if data.empty:
        return _empty(title)
    fig = px.choropleth(
        data,
        locations="iso3",
        color="count",
        hover_name="name",
        hover_data={"iso3": False, "count": True},
        color_continuous_scale="Reds",
        labels={"count": what},
        title=title,
    )
    fig.update_geos(showframe=False, showcoastlines=False, projection_type="natural earth")
    fig.update_layout(**_LAYOUT, coloraxis_colorbar={"title": what})
    return fig


def timeline(rows: pd.DataFrame, as_of: dt.date, labels: dict[str, str]) -> go.Figure:
    """One bar per designation, from start to end (or to the chosen date while in force)."""
    title = "Every designation, by jurisdiction"
    if rows.empty:
        return _empty(title)
    end = pd.Timestamp(as_of)
    data = rows.assign(
        start=rows["start_date"],
        finish=rows["end_date"].fillna(end).where(rows["end_date"].fillna(end) > rows["start_date"], rows["start_date"] + pd.Timedelta(days=1)),
        measure=rows["jurisdiction"].astype(str) + " · " + rows["designation"].astype(str).map(lambda c: labels.get(c, c)),
        entity=rows["outlet_name"],
        until=rows["end_date"].dt.strftime("%Y-%m-%d").fillna("in force"),
    )
    fig = px.timeline(
        data,
        x_start="start",
        x_end="finish",
        y="measure",
        color="jurisdiction",
        hover_name="entity",
        hover_data={"registry_ref": True, "legal_basis": True, "until": True, "start": "|%Y-%m-%d", "finish": False, "measure": False},
        title=title,
        labels={"measure": "", "jurisdiction": "Jurisdiction", "registry_ref": "Registry no.", "legal_basis": "Legal basis", "start": "Start", "until": "Until"},
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=max(260, 60 + 34 * data["measure"].nunique()), **_LAYOUT)
    return fig


def comparison(counts: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """counts: columns jurisdiction, designation, count."""
    title = "Designations by jurisdiction and type"
    if counts.empty:
        return _empty(title)
    data = counts.assign(label=counts["designation"].map(lambda c: labels.get(c, c)))
    fig = px.bar(
        data,
        x="count",
        y="jurisdiction",
        color="label",
        orientation="h",
        title=title,
        labels={"count": "Designations", "jurisdiction": "Jurisdiction", "label": "Designation"},
    )
    fig.update_layout(barmode="stack", yaxis={"categoryorder": "total ascending"}, **_LAYOUT)
    return fig
