"""Charts as SVG drawn on the server: bars, a timeline and layered network drawings.

No script and no chart library in the browser: every label is text in the page (readable, found
by search, in the page's language), each chart carries a title and a description for screen
readers, and every page shows the same figures in a table beside its chart. The network drawings
are layered (generations, or lead / members / mentees / schools), each layer ordered by its
neighbours' places in the layer before it so that trees do not cross themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import count

from markupsafe import Markup, escape

FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
COLORS = {"holders": "#1f5fa8", "eligible": "#2a8f57", "review": "#d08c00", "ineligible": "#9a9a9a",
          "fail": "#c0392b", "line": "#333333", "muted": "#d9d9d9", "rural": "#2a8f57",
          "lead": "#1f5fa8", "member": "#5b8fd1", "mentee": "#a9c4e8", "school": "#f3f3f3"}
_ids = count(1)


@dataclass(frozen=True)
class Segment:
    key: str  # a COLORS key
    label: str
    value: float


@dataclass(frozen=True)
class Bar:
    label: str
    segments: Sequence[Segment]
    note: str = ""  # text after the bar (e.g. a count left out of it)
    href: str | None = None


def _svg(width: int, height: int, title: str, desc: str, body: Iterable[str]) -> Markup:
    n = next(_ids)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="c{n}t c{n}d" font-family="{FONT}" font-size="13" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="c{n}t">{escape(title)}</title><desc id="c{n}d">{escape(desc)}</desc>'
        + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 13, weight: str = "normal",
          fill: str = "#222") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>')


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    out = []
    for key, label in items:
        out.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{COLORS[key]}"/>')
        out.append(_text(x + 16, y, label))
        x += 26 + 13 * _width_of(label)
    return out


def _width_of(text: str) -> float:
    """Roughly how many 13px-em the text takes (a CJK character is one, a Latin one about half)."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.56 for c in text)


def stacked_bars(bars: Sequence[Bar], legend: Sequence[tuple[str, str]], title: str, desc: str,
                 width: int = 860) -> Markup:
    """Horizontal stacked bars, one per row, on one linear scale, each segment labelled when it fits."""
    label_w = min(260, 14 + int(13 * max((_width_of(b.label) for b in bars), default=4)))
    note_w = min(200, 10 + int(13 * max((_width_of(b.note) for b in bars), default=0)))
    plot_w = width - label_w - note_w - 10
    total = max((sum(s.value for s in b.segments) for b in bars), default=0) or 1
    row_h, top = 26, 34
    body = _legend(legend, label_w, 16)
    for i, bar in enumerate(bars):
        y = top + i * row_h
        label = _text(label_w - 8, y + 16, bar.label, "end")
        if bar.href:
            label = f'<a href="{escape(bar.href)}">{label}</a>'
        body.append(label)
        x = float(label_w)
        for seg in bar.segments:
            w = plot_w * seg.value / total
            if w > 0:
                tip = f"{escape(seg.label)}: {seg.value:,.0f}"
                body.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 8}" '
                            f'fill="{COLORS[seg.key]}"><title>{tip}</title></rect>')
                text = f"{seg.value:,.0f}"
                if w > 9 * len(text) + 6:
                    body.append(_text(x + w / 2, y + 17, text, "middle", 12, fill="#fff"))
            x += w
        body.append(_text(x + 6, y + 17, bar.note, size=12, fill="#444"))
    height = top + len(bars) * row_h + 6
    return _svg(width, height, title, desc, body)


@dataclass(frozen=True)
class Gauge:
    label: str
    value: float
    limit: float
    text: str


def gauges(rows: Sequence[Gauge], title: str, desc: str, limit_label: str, width: int = 860) -> Markup:
    """One bar per row against its own limit (a quota), drawn as a line; over the limit in red."""
    label_w, row_h, top = 120, 30, 30
    plot_w = width - label_w - 220
    scale = max((max(r.value, r.limit) for r in rows), default=0) or 1
    body = [f'<line x1="{label_w}" y1="12" x2="{label_w + 24}" y2="12" stroke="{COLORS["line"]}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>', _text(label_w + 30, 16, limit_label)]
    for i, row in enumerate(rows):
        y = top + i * row_h
        w = plot_w * row.value / scale
        lx = label_w + plot_w * row.limit / scale
        color = COLORS["fail"] if row.limit and row.value > row.limit else COLORS["holders"]
        body += [_text(label_w - 8, y + 17, row.label, "end"),
                 f'<rect x="{label_w}" y="{y + 4}" width="{plot_w}" height="{row_h - 10}" fill="#f1f1f1"/>',
                 f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row_h - 10}" '
                 f'fill="{color}"/>',
                 f'<line x1="{lx:.1f}" y1="{y}" x2="{lx:.1f}" y2="{y + row_h - 2}" stroke="{COLORS["line"]}" '
                 f'stroke-width="2" stroke-dasharray="4 3"/>',
                 _text(label_w + plot_w + 8, y + 18, row.text, size=12)]
    return _svg(width, top + len(rows) * row_h + 4, title, desc, body)


@dataclass(frozen=True)
class Column:
    label: str
    value: float
    short: bool  # below the minimum


def columns(cols: Sequence[Column], minimum: float | None, title: str, desc: str, minimum_label: str,
            unit: str, width: int = 620, height: int = 240) -> Markup:
    """Vertical bars (hours per year) against a minimum drawn as a dashed line (its label above)."""
    left, bottom, top = 70, 28, 40
    plot_h = height - bottom - top
    scale = max([c.value for c in cols] + [minimum or 0]) or 1
    step = (width - left - 10) / max(len(cols), 1)
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#999"/>',
            _text(left - 6, top + 4, f"{scale:,.0f} {unit}", "end", 11, fill="#555"),
            _text(left - 6, top + plot_h, f"0 {unit}", "end", 11, fill="#555")]
    for i, col in enumerate(cols):
        h = plot_h * col.value / scale
        x = left + i * step + step * 0.15
        color = COLORS["review"] if col.short else COLORS["holders"]
        body += [f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                 f'fill="{color}"><title>{escape(col.label)}: {col.value:,.1f} {escape(unit)}</title></rect>',
                 _text(x + step * 0.35, top + plot_h - h - 4, f"{col.value:,.0f}", "middle", 11),
                 _text(x + step * 0.35, height - 10, col.label, "middle", 12)]
    if minimum:
        y = top + plot_h - plot_h * minimum / scale
        body += [f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{COLORS["fail"]}" '
                 f'stroke-width="2" stroke-dasharray="6 4"/>',
                 f'<line x1="{left}" y1="12" x2="{left + 28}" y2="12" stroke="{COLORS["fail"]}" '
                 f'stroke-width="2" stroke-dasharray="6 4"/>',
                 _text(left + 34, 16, minimum_label, size=12, fill=COLORS["fail"])]
    return _svg(width, height, title, desc, body)


@dataclass(frozen=True)
class Span:
    label: str
    start: float  # year, with a fraction
    end: float | None  # None: still valid
    key: str = "holders"


def timeline(spans: Sequence[Span], first: float, last: float, title: str, desc: str,
             open_label: str, width: int = 860) -> Markup:
    """Titles on a time axis: one row per title, from its award to its end (or still valid)."""
    label_w, row_h, top = 200, 26, 30
    plot_w = width - label_w - 20
    first, last = float(int(first)), float(int(last) + 1)
    span = max(last - first, 1)

    def x_of(year: float) -> float:
        return label_w + plot_w * (year - first) / span

    body = []
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    for year in range(int(first), int(last) + 1, step):
        x = x_of(year)
        body += [f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{top + len(spans) * row_h}" '
                 f'stroke="#e4e4e4"/>', _text(x, top - 10, str(year), "middle", 11, fill="#555")]
    for i, s in enumerate(spans):
        y = top + i * row_h
        end = s.end if s.end is not None else last
        x0, x1 = x_of(s.start), x_of(end)
        body += [_text(label_w - 8, y + 17, s.label, "end"),
                 f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 3):.1f}" height="{row_h - 9}" rx="3" '
                 f'fill="{COLORS[s.key]}"><title>{escape(s.label)}</title></rect>']
        if s.end is None:
            body.append(_text(x1 - 4, y + 17, open_label, "end", 11, fill="#fff"))
    return _svg(width, top + len(spans) * row_h + 6, title, desc, body)


# -- network drawings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    layer: int
    key: str  # a COLORS key
    href: str | None = None
    sub: str = ""  # a second line (a school, a generation)
    strong: bool = False


@dataclass
class Network:
    nodes: list[Node]
    edges: list[tuple[str, str]]
    hidden: dict[int, int] = field(default_factory=dict)  # layer -> nodes not drawn


def layered(net: Network, title: str, desc: str, layer_labels: dict[int, str], more_label: str,
            across: bool = False, per_layer: int = 14, width: int = 860) -> Markup:
    """Nodes in layers (rows, or columns when ``across``), edges between them; at most
    ``per_layer`` nodes drawn per layer, the rest counted in a "+ n more" box."""
    layers = sorted({n.layer for n in net.nodes})
    kept: list[Node] = []
    hidden = dict(net.hidden)
    for layer in layers:
        members = [n for n in net.nodes if n.layer == layer]
        kept += members[:per_layer]
        if len(members) > per_layer:
            hidden[layer] = hidden.get(layer, 0) + len(members) - per_layer
    order = _barycentric(kept, net.edges)
    ids = {n.id for n in kept}
    edges = [(a, b) for a, b in net.edges if a in ids and b in ids]
    widest = max((sum(1 for n in kept if n.layer == lay) + (1 if lay in hidden else 0) for lay in layers),
                 default=1)
    box_w, box_h = 128, 40
    if across:
        gap = 44
        height = max(140, widest * (box_h + 12) + 50)
        step = (width - 40 - box_w) / max(len(layers) - 1, 1)
        places = {lay: 20 + i * step for i, lay in enumerate(layers)}
    else:
        gap = box_w + 12
        width = max(width, widest * gap + 40)
        height = 60 + len(layers) * 92
        places = {lay: 44 + i * 92 for i, lay in enumerate(layers)}
    slot: dict[str, tuple[float, float]] = {}
    for lay in layers:
        members = [n for n in order if n.layer == lay]
        count_here = len(members) + (1 if lay in hidden else 0)
        for i, n in enumerate(members):
            along = (i - (count_here - 1) / 2) * (gap if not across else box_h + 12)
            slot[n.id] = ((width / 2 + along, places[lay]) if not across
                          else (places[lay], height / 2 + 12 + along))
    body = []
    for a, b in edges:
        (xa, ya), (xb, yb) = slot[a], slot[b]
        if across:
            body.append(f'<line x1="{xa + box_w:.1f}" y1="{ya + box_h / 2:.1f}" x2="{xb:.1f}" '
                        f'y2="{yb + box_h / 2:.1f}" stroke="#8a8a8a" stroke-width="1.2"/>')
        else:
            body.append(f'<line x1="{xa:.1f}" y1="{ya + box_h:.1f}" x2="{xb:.1f}" y2="{yb:.1f}" '
                        f'stroke="#8a8a8a" stroke-width="1.2"/>')
    for n in order:
        if n.id not in slot:
            continue
        x, y = slot[n.id]
        left = x if across else x - box_w / 2
        dark = n.key in ("lead", "holders", "member", "rural")
        ink = "#fff" if dark else "#222"
        shape = (f'<rect x="{left:.1f}" y="{y:.1f}" width="{box_w}" height="{box_h}" rx="6" '
                 f'fill="{COLORS[n.key]}" stroke="{"#111" if n.strong else "#777"}" '
                 f'stroke-width="{3 if n.strong else 1}"/>'
                 + _text(left + box_w / 2, y + 17, _clip(n.label, 9), "middle", 13, "bold", ink)
                 + _text(left + box_w / 2, y + 33, _clip(n.sub, 16), "middle", 11, fill=ink))
        item = f'<g><title>{escape(n.label)} {escape(n.sub)}</title>{shape}</g>'
        body.append(f'<a href="{escape(n.href)}">{item}</a>' if n.href else item)
    for lay, more in hidden.items():
        members = [n for n in order if n.layer == lay and n.id in slot]
        i = len(members)
        count_here = i + 1
        along = (i - (count_here - 1) / 2) * (gap if not across else box_h + 12)
        x, y = (width / 2 + along, places[lay]) if not across else (places[lay], height / 2 + 12 + along)
        left = x if across else x - box_w / 2
        body += [f'<rect x="{left:.1f}" y="{y:.1f}" width="{box_w}" height="{box_h}" rx="6" fill="#fff" '
                 f'stroke="#999" stroke-dasharray="4 3"/>',
                 _text(left + box_w / 2, y + 25, more_label.format(n=more), "middle", 12)]
    for lay, label in layer_labels.items():
        if lay in places:
            body.append(_text(places[lay] + (box_w / 2 if across else 0), 16, label, "middle", 12, "bold")
                        if across else _text(8, places[lay] - 6, label, size=12, weight="bold"))
    return _svg(int(width), int(height), title, desc, body)


def _barycentric(nodes: list[Node], edges: list[tuple[str, str]]) -> list[Node]:
    """Nodes in layer order, each layer sorted by the mean place of its neighbours in the layer
    before it (one downward pass: enough to untangle trees and shallow lineages)."""
    neighbours: dict[str, set[str]] = {}
    for a, b in edges:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    place: dict[str, float] = {}
    out: list[Node] = []
    for layer in sorted({n.layer for n in nodes}):
        members = [n for n in nodes if n.layer == layer]
        first = {n.id: float(i) for i, n in enumerate(members)}

        def weight(n: Node, first: dict[str, float] = first) -> float:
            seen = [place[m] for m in neighbours.get(n.id, ()) if m in place]
            return sum(seen) / len(seen) if seen else first[n.id]

        members.sort(key=weight)
        for i, n in enumerate(members):
            place[n.id] = float(i)
        out += members
    return out


def _clip(text: str, em: float) -> str:
    """``text`` cut to about ``em`` wide, with an ellipsis when cut (the full text is in the title)."""
    out, used = "", 0.0
    for c in text:
        used += 1.0 if ord(c) > 0x2E80 else 0.56
        if used > em:
            return out + "…"
        out += c
    return out
