"""Small multiples: one small bar chart per part (a jurisdiction, a designation), on a shared scale or each on its own.

Where one part swamps the others (Russia's designations beside Armenia's one), a stacked bar shows
only the largest; a panel per part shows each one's shape. With the shared scale the panels compare
by size; with their own scale each fills its panel. Plotly only, no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

COLUMNS = 3
ROW_PX = 190  # the height of a row of panels
GAP_PX = 56  # between rows: room for the next row's titles


@dataclass(frozen=True)
class Part:
    title: str  # escaped (ui.safe_text.chart_text): shown above the panel and in the hover
    colour: str | None
    x: np.ndarray
    y: np.ndarray
    hovertemplate: str


def panels(parts: list[Part], shared: bool, horizontal: bool = False, title: str = "", columns: int = COLUMNS) -> go.Figure:
    """One panel per part, `columns` to a row. The value axis (y, or x when `horizontal`) is the same
    for every panel when `shared`, else each panel's own; the other axis is shared by columns."""
    cols = max(1, min(columns, len(parts)))
    rows = max(1, math.ceil(len(parts) / cols))
    height = 90 + rows * ROW_PX + (rows - 1) * GAP_PX
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[p.title for p in parts],
        vertical_spacing=GAP_PX / height if rows > 1 else 0.0,
        horizontal_spacing=0.08 if not horizontal else 0.18,
    )
    for i, part in enumerate(parts):
        row, col = divmod(i, cols)
        fig.add_trace(
            go.Bar(
                x=part.y if horizontal else part.x,
                y=part.x if horizontal else part.y,
                orientation="h" if horizontal else "v",
                name=part.title,
                marker_color=part.colour,
                showlegend=False,
                hovertemplate=part.hovertemplate,
            ),
            row=row + 1,
            col=col + 1,
        )
    for i in range(len(parts), rows * cols):  # the empty cells of the last row: no axes drawn
        row, col = divmod(i, cols)
        fig.update_xaxes(visible=False, row=row + 1, col=col + 1)
        fig.update_yaxes(visible=False, row=row + 1, col=col + 1)
    values = fig.update_xaxes if horizontal else fig.update_yaxes
    if shared:
        values(matches="x" if horizontal else "y")
    if not horizontal:
        fig.update_xaxes(matches="x", tickformat="d")  # the same years under every panel
    fig.update_annotations(font_size=13)
    fig.update_layout(title=title, height=height, showlegend=False, margin={"l": 10, "r": 10, "t": 60, "b": 10}, bargap=0.15)
    return fig
