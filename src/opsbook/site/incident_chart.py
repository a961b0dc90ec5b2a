"""The incidents chart: time to detect and to resolve of every incident, over time, as
an inline SVG drawn at build time.

No script and nothing fetched: the page carries the whole picture, so it works offline
and from `file://`. Deterministic to the byte (coordinates rounded to one decimal,
colours by the sorted order of the pipelines). Every text from the workspace is escaped
for XML, and the SVG is one HTML block without blank lines, so Markdown leaves it alone.

The vertical axis is logarithmic: a weekend-long detection (60 h) and a twenty-minute
fix must both be readable on one chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from opsbook.site.render import elapsed

WIDTH = 720
HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 64, 180, 24, 48
"""Margins: axis labels on the left and bottom, the legend on the right."""
PAD = 20
"""Space between the plot's frame and the first and last incident."""

PALETTE = ("#3f51b5", "#e65100", "#2e7d32", "#ad1457", "#00838f", "#6d4c41", "#5e35b1")
"""One colour per pipeline, in the order of their names; repeats past seven."""

TICKS_HOURS = (1 / 60, 5 / 60, 0.25, 1, 4, 12, 24, 72, 168, 720)
"""Candidate gridlines of the vertical axis, in hours."""


@dataclass(frozen=True)
class ChartPoint:
    """One incident as the chart draws it."""

    day: date
    """When the impact started (its UTC date)."""
    pipeline: str
    """The runbook it is drawn under (the postmortem's first)."""
    label: str
    """The incident's title, for the tooltip."""
    detect: timedelta
    resolve: timedelta | None
    """None while the incident is unresolved."""


def incident_chart(points: Sequence[ChartPoint], pipelines: Sequence[str]) -> str:
    """The chart as one SVG element; `pipelines` are the legend's names, in order."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    hours = [_hours(p.detect) for p in points] + [
        _hours(p.resolve) for p in points if p.resolve is not None
    ]
    low = min([*hours, 0.25])
    high = max([*hours, 24.0])
    log_low, log_high = math.log10(low) - 0.1, math.log10(high) + 0.1
    first = min((p.day for p in points), default=date(2000, 1, 1))
    last = max((p.day for p in points), default=first)
    span = max((last - first).days, 1)
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(pipelines)}

    def x(day: date) -> float:
        if last == first:
            return LEFT + plot_w / 2
        return LEFT + PAD + (plot_w - 2 * PAD) * (day - first).days / span

    def y(value: float) -> float:
        share = (math.log10(max(value, low)) - log_low) / (log_high - log_low)
        return TOP + plot_h * (1 - share)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="opsbook-incident-chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="incident-chart-title incident-chart-desc" '
        f'font-family="sans-serif" font-size="11">',
        '<title id="incident-chart-title">Time to detect and to resolve, per incident</title>',
        f'<desc id="incident-chart-desc">{_incidents(len(points))} from {first} to {last}; '
        "filled circles: time to detect, hollow squares: time to resolve; "
        "hours on a logarithmic scale.</desc>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#9e9e9e"/>',
    ]
    for tick in TICKS_HOURS:
        if not low <= tick <= high * 1.25:
            continue
        ty = _n(y(tick))
        parts.append(
            f'<line x1="{LEFT}" y1="{ty}" x2="{LEFT + plot_w}" y2="{ty}" stroke="#e0e0e0"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{ty}" text-anchor="end" dominant-baseline="middle">'
            f"{_tick_label(tick)}</text>"
        )
    for day in _date_ticks(first, last):
        tx = _n(x(day))
        parts.append(
            f'<text x="{tx}" y="{TOP + plot_h + 16}" text-anchor="middle">{day.isoformat()}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
        "Impact started</text>"
    )
    for point in sorted(points, key=lambda p: (p.day, p.pipeline, p.label)):
        colour = colours.get(point.pipeline, PALETTE[0])
        px = _n(x(point.day))
        detect = _hours(point.detect)
        label = escape(point.label, quote=True)
        dy = _n(y(detect))
        if point.resolve is not None:
            resolve = _hours(point.resolve)
            ry = _n(y(resolve))
            parts.append(
                f'<line x1="{px}" y1="{dy}" x2="{px}" y2="{ry}" stroke="{colour}" '
                'stroke-dasharray="3 2"/>'
            )
            parts.append(
                f'<rect class="resolve" x="{_n(float(px) - 4)}" y="{_n(float(ry) - 4)}" '
                f'width="8" height="8" fill="white" stroke="{colour}" stroke-width="2">'
                f"<title>{label}: resolved {elapsed(point.resolve)} after detection</title></rect>"
            )
        parts.append(
            f'<circle class="detect" cx="{px}" cy="{dy}" r="5" fill="{colour}">'
            f"<title>{label}: detected after {elapsed(point.detect)}</title></circle>"
        )
    legend_x = WIDTH - RIGHT + 16
    for i, name in enumerate(pipelines):
        ly = TOP + 8 + 18 * i
        parts.append(
            f'<circle cx="{legend_x}" cy="{ly}" r="5" fill="{colours[name]}"/>'
            f'<text x="{legend_x + 10}" y="{ly}" dominant-baseline="middle">'
            f"{escape(name, quote=True)}</text>"
        )
    key_y = TOP + 8 + 18 * len(pipelines) + 10
    parts.append(
        f'<circle cx="{legend_x}" cy="{key_y}" r="5" fill="#616161"/>'
        f'<text x="{legend_x + 10}" y="{key_y}" dominant-baseline="middle">time to detect</text>'
    )
    parts.append(
        f'<rect x="{legend_x - 4}" y="{key_y + 14}" width="8" height="8" fill="white" '
        f'stroke="#616161" stroke-width="2"/>'
        f'<text x="{legend_x + 10}" y="{key_y + 18}" dominant-baseline="middle">'
        "time to resolve</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _hours(value: timedelta) -> float:
    # A zero duration (detected as it started) still needs a place on a log axis.
    return max(value.total_seconds() / 3600, 1 / 60)


def _n(value: float) -> str:
    """A coordinate with one decimal: the same on every machine."""
    return f"{value:.1f}"


def _tick_label(hours: float) -> str:
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:g} h"
    return f"{hours / 24:g} d"


def _date_ticks(first: date, last: date) -> list[date]:
    """At most five dates spread evenly from the first incident to the last."""
    span = (last - first).days
    if span == 0:
        return [first]
    count = min(4, span)
    return sorted({first + timedelta(days=round(span * i / count)) for i in range(count + 1)})


def _incidents(count: int) -> str:
    return "1 incident" if count == 1 else f"{count} incidents"
