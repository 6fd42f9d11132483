"""Horizontal bar charts as inline SVG strings: no JavaScript, no fonts, no network.

Bars run left to right with the label before and the figure after each bar, so every
number is readable as text ('Frederiksberg' … '16') and the page works printed or offline.
A bar may be split into segments (present/absent, mayors/supplementary); each bar also
carries a <title> with its label and figure, which browsers show as a tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

ROW_HEIGHT = 22
BAR_HEIGHT = 15
GROUP_GAP = 12
CHAR_WIDTH = 7.0  # rough width of one character at the chart's font size
PLOT_WIDTH = 420
MUTED = "#cfd6dd"


@dataclass(frozen=True)
class Segment:
    """One coloured part of a bar."""

    value: float
    color: str
    name: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its parts, and the figure written after it."""

    label: str
    segments: tuple[Segment, ...]
    text: str

    @property
    def total(self) -> float:
        return sum(max(s.value, 0) for s in self.segments)


@dataclass
class Group:
    """Bars shown together under an optional heading (a KKR, a year)."""

    heading: str
    bars: list[Bar] = field(default_factory=list)


def bar(label: str, value: float, text: str, color: str) -> Bar:
    """A single-colour bar."""
    return Bar(label, (Segment(value, color),), text)


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def bar_chart(groups: list[Group], *, title: str, scale_max: float | None = None,
              legend: list[tuple[str, str]] | None = None) -> str:
    """An SVG of horizontal bars in groups; `scale_max` fixes the value at full width."""
    bars = [b for g in groups for b in g.bars]
    if not bars:
        return ""
    label_w = max(_text_width(b.label) for b in bars) + 12
    text_w = max(_text_width(b.text) for b in bars) + 12
    top = max((g.heading for g in groups), key=len, default="")
    width = max(label_w + PLOT_WIDTH + text_w, _text_width(top) + 8)
    largest = scale_max or max(b.total for b in bars) or 1.0

    parts: list[str] = []
    y = 0.0
    if legend:
        x = label_w
        for name, color in legend:
            parts.append(f'<rect x="{x:.1f}" y="{y + 3:.1f}" width="12" height="12" rx="2" fill="{color}"/>')
            parts.append(f'<text x="{x + 17:.1f}" y="{y + 13:.1f}" class="legend">{escape(name)}</text>')
            x += 17 + _text_width(name) + 18
        y += ROW_HEIGHT
    for g in groups:
        if g.heading:
            parts.append(f'<text x="0" y="{y + 15:.1f}" class="group">{escape(g.heading)}</text>')
            y += ROW_HEIGHT
        for b in g.bars:
            parts.append(_bar(b, y, label_w, largest))
            y += ROW_HEIGHT
        y += GROUP_GAP
    height = y - GROUP_GAP + 4
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )


def _bar(b: Bar, y: float, label_w: float, largest: float) -> str:
    """One bar row: label (right-aligned), segments, figure."""
    mid = y + BAR_HEIGHT - 3
    out = [
        f'<g class="bar" data-label="{escape(b.label)}" data-text="{escape(b.text)}">',
        f"<title>{escape(b.label)}: {escape(b.text)}</title>",
        f'<text x="{label_w - 8:.1f}" y="{mid:.1f}" class="label" text-anchor="end">{escape(b.label)}</text>',
    ]
    x = label_w
    if b.total <= 0:  # a zero still gets a sliver, so the row does not look missing
        out.append(f'<rect x="{x:.1f}" y="{y + 2:.1f}" width="2" height="{BAR_HEIGHT}" fill="{MUTED}"/>')
    for s in b.segments:
        w = PLOT_WIDTH * max(s.value, 0) / largest
        if w <= 0:
            continue
        name = f' data-segment="{escape(s.name)}"' if s.name else ""
        out.append(f'<rect x="{x:.1f}" y="{y + 2:.1f}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                   f'rx="2" fill="{s.color}"{name}/>')
        x += w
    out.append(f'<text x="{x + 6:.1f}" y="{mid:.1f}" class="value">{escape(b.text)}</text></g>')
    return "".join(out)
