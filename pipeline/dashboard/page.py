"""The dashboard page: Danish labels, inline SVG charts and the figures as text, in one HTML file.

Everything is inline (CSS and SVG, no scripts, fonts or images from elsewhere) so the file
opens offline, can be mailed or archived, and never makes a network request.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from html import escape

from pipeline import enums
from pipeline.dashboard.data import DashboardData
from pipeline.dashboard.svg import Bar, Group, Segment, bar, bar_chart

# Usual colours of the Danish parties, so a reader recognises them at a glance.
PARTY_COLORS = {
    "A": "#c8102e", "B": "#733280", "C": "#00583c", "D": "#00505b", "F": "#e07ea8",
    "I": "#3fb2be", "K": "#8b8474", "M": "#8f5fbf", "O": "#d4a017", "Q": "#5a9e3a",
    "V": "#01438e", "Æ": "#4f7cac", "Ø": "#e6801a", "Å": "#2b8738",
}
OTHER = "#7a8a99"
ACCENT = "#1f6f8b"
PRESENT, ABSENT = "#2e8b57", "#d9dee3"
YEAR_COLORS = ("#9fc5d9", "#1f6f8b", "#0b3c5d", "#5fa8c7")
PROGRAM_COLORS = {enums.HJAELPER: "#5fa8c7", enums.ASSISTENT: "#0b3c5d"}
PROGRAM_NAMES = {enums.HJAELPER: "SOSU-hjælper", enums.ASSISTENT: "SOSU-assistent"}
MEASURE_NAMES = {"dimensionering": "Dimensionering (lærepladser)", "uddannelsesaftaler": "Indgåede uddannelsesaftaler"}
STATUS_NAMES = {enums.LOADED: "indlæst", enums.REJECTED: "afvist", enums.SUPERSEDED: "erstattet",
                enums.QUARANTINED: "i karantæne"}


def number(n: float | int | None) -> str:
    """Danish thousands: 1259 -> '1.259'; 0.5 -> '0,5'."""
    if n is None:
        return "–"
    if float(n).is_integer():
        return f"{int(n):,}".replace(",", ".")
    return f"{n:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def signed(n: int | None) -> str:
    if n is None:
        return ""
    return ("+" if n > 0 else "−" if n < 0 else "±") + number(abs(n))


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f} %"


def party_label(letter: str | None, name: str | None) -> str:
    """'Venstre (V)'; the letter alone when the name is unknown."""
    if not letter:
        return "parti ikke oplyst"
    return f"{name} ({letter})" if name else letter


def day(d: date | None) -> str:
    return "uden dato" if d is None else d.strftime("%d-%m-%Y")


def render_page(data: DashboardData, generated_at: datetime) -> str:
    """The whole HTML document."""
    sections = [
        _summary(data),
        _attendance(data),
        _quotas(data),
        _sosu(data),
        _seats(data),
        _budgets(data),
        _quality(data),
    ]
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>KL-møder – dashboard</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>KL- og KKR-møder i tal</h1>
<p class="meta">Bygget {escape(generated_at.strftime("%d-%m-%Y %H:%M"))} fra <code>{escape(data.warehouse)}</code></p>
</header>
<main>
{"".join(sections)}
</main>
<footer>Alle tal kommer fra warehouse-views (<code>sql/views.sql</code>); se <code>sql/dictionary.md</code> for definitioner.</footer>
</body>
</html>
"""


def _card(id_: str, title: str, body: str, note: str = "") -> str:
    note_html = f'<p class="note">{note}</p>' if note else ""
    return f'<section class="card" id="{id_}"><h2>{escape(title)}</h2>{note_html}{body}</section>\n'


def _empty(what: str) -> str:
    return f'<p class="empty">Ingen {escape(what)} i warehouse endnu.</p>'


def _table(headers: list[str], rows: list[list[str]], numeric: Collection[int] = ()) -> str:
    """A plain table; cells are already escaped HTML."""
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{escape(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{c}</td>' for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _tile(value: str, label: str, tone: str = "") -> str:
    return f'<div class="tile {tone}"><span class="big">{escape(value)}</span><span>{escape(label)}</span></div>'


def _summary(data: DashboardData) -> str:
    by_status = {r["status"]: r["documents"] for r in data["documents_by_status"]}
    runs = data["check_runs"]
    latest = runs[-1] if runs else None
    issues = sum(r["issues"] for r in data["issues_by_document"])
    tiles = [
        _tile(number(by_status.get("loaded", 0)), "dokumenter indlæst"),
        _tile(number(by_status.get("rejected", 0)), "afvist", "warn" if by_status.get("rejected") else ""),
        _tile(number(by_status.get("superseded", 0)), "erstattet af nyere version"),
        _tile(number(by_status.get("quarantined", 0)), "i karantæne", "warn" if by_status.get("quarantined") else ""),
        _tile(number(len(data["meetings"])), "møder"),
        _tile(number(latest["checks_run"]) if latest else "–", "kontroller kørt"),
        _tile(number(latest["checks_failed"]) if latest else "–", "kontroller fejlet",
              "bad" if latest and latest["checks_failed"] else "good"),
        _tile(number(issues), "linjer ikke tolket", "warn" if issues else "good"),
    ]
    return f'<section class="tiles">{"".join(tiles)}</section>\n'


def _attendance(data: DashboardData) -> str:
    meetings = data["attendance_by_meeting"]
    if not meetings:
        return _card("fremmoede", "Fremmøde", _empty("deltagerlister"))
    per_meeting = bar_chart(
        [Group("", [
            Bar(f"{m['body']} {day(m['meeting_date'])}",
                (Segment(m["present"], PRESENT, "til stede"), Segment(m["absent"], ABSENT, "afbud")),
                f"{m['present']} af {m['listed']} ({percent(m['attendance_rate'])})")
            for m in meetings
        ])],
        title="Fremmøde pr. møde", legend=[("til stede", PRESENT), ("afbud", ABSENT)],
    )
    per_party = bar_chart(
        [Group("", [
            bar(party_label(p["party"], p["party_name"]), p["attendance_rate"],
                f"{p['present']} af {p['present'] + p['absent']} ({percent(p['attendance_rate'])})",
                PARTY_COLORS.get(p["party"] or "", OTHER))
            for p in data["attendance_by_party"]
        ])],
        title="Fremmøde pr. parti (alle møder)", scale_max=1.0,
    )
    subs = data["substitutions"]
    subs_html = _table(
        ["Møde", "Suppleant", "I stedet for"],
        [[escape(f"{s['body']} {day(s['meeting_date'])}"),
          escape(f"{s['substitute']} ({s['substitute_party'] or '?'})"),
          escape(s["substitute_for"] + (f" ({s['substitute_for_party']})" if s["substitute_for_party"] else ""))]
         for s in subs],
    ) if subs else '<p class="empty">Ingen suppleanter.</p>'
    body = (
        f'<h3>Pr. møde</h3>{per_meeting}'
        f'<h3>Pr. parti</h3>{per_party}'
        f'<h3>Suppleanter</h3>{subs_html}'
    )
    return _card("fremmoede", "Fremmøde", body, "Fremmøde = til stede / (til stede + afbud).")


def _quotas(data: DashboardData) -> str:
    rows = data["quotas"]
    if not rows:
        return _card("kvoter", "Flygtningekvoter", _empty("flygtningekvoter"))
    body = []
    for year in sorted({r["year"] for r in rows}, reverse=True):
        of_year = [r for r in rows if r["year"] == year]
        positive = [r for r in of_year if (r["quota"] or 0) > 0]
        zero = sorted(r["municipality"] for r in of_year if not r["quota"])
        chart = bar_chart(
            [Group("", [bar(r["municipality"], r["quota"], number(r["quota"]), ACCENT) for r in positive])],
            title=f"Kommunekvoter {year}",
        )
        total = sum(r["quota"] or 0 for r in of_year)
        body.append(f"<h3>Kommunekvoter {year}</h3>"
                    f'<p class="note">{len(of_year)} kommuner, i alt {number(total)} personer.</p>{chart}')
        if zero:
            body.append(f'<p class="zero"><strong>Kvote 0:</strong> {escape(", ".join(zero))}</p>')
    recon = data["quota_reconciliation"]
    if recon:
        body.append("<h3>Afstemning mod oplyste totaler</h3>")
        body.append(_table(
            ["År", "Niveau", "Område", "Oplyst", "Sum af kommuner", "Kommuner", "Forskel"],
            [[str(r["year"]), escape(r["level"]), escape(r["area"]), number(r["stated_total"]),
              number(r["sum_of_municipalities"]),
              f"{r['municipalities_listed']}" + (f" af {r['municipalities_in_area']}" if r["municipalities_in_area"] else ""),
              _difference_badge(r["difference"], r["matches"])]
             for r in recon],
            numeric={3, 4, 5, 6},
        ))
        if any(r["is_complete"] is False for r in recon):
            body.append('<p class="note">En grå forskel: dokumentet lister ikke alle områdets kommuner, '
                        'så summen kan ikke nå den oplyste total.</p>')
    return _card("kvoter", "Flygtningekvoter", "".join(body),
                 "Kvoter pr. kommune (personer). '-' i kildetabellen er 0.")


def _difference_badge(diff: float | None, verdict: bool | None) -> str:
    """The reconciliation's own verdict (`validation/reconcile.py`: the check's), shown beside its difference.

    true: adds up (within the rule's tolerance); false: does not; NULL: the rule does not apply
    (e.g. a landstal in a document listing only part of the country), so a gap is expected.
    """
    if diff is None:
        return "–"
    if verdict is True:
        return f'<span class="badge good">{escape(signed(diff)) if diff else "0"} ✓</span>'
    if verdict is None:
        return f'<span class="badge muted" title="ikke alle kommuner i dokumentet">{escape(signed(diff))}</span>'
    return f'<span class="badge bad">{escape(signed(diff))}</span>'


def _sosu(data: DashboardData) -> str:
    rows = data["sosu"]
    if not rows:
        return _card("sosu", "SOSU-lærepladser", _empty("SOSU-tal"))
    body = []
    for measure in sorted({r["measure"] for r in rows}):
        of_measure = [r for r in rows if r["measure"] == measure]
        years = sorted({r["year"] for r in of_measure})
        by_year = len(years) <= len(YEAR_COLORS)  # few years: colour by year, else by programme
        colors = dict(zip(years, YEAR_COLORS)) if by_year else PROGRAM_COLORS
        groups = []
        areas = sorted({(r["area_kind"] != "kkr", r["area"]) for r in of_measure})
        for _, area in areas:
            group = Group(area)
            for program in enums.PROGRAMS:
                for r in sorted((r for r in of_measure if r["area"] == area and r["program"] == program),
                                key=lambda r: r["year"]):
                    change = f" ({signed(r['change'])})" if r["change"] is not None else ""
                    color = colors.get(r["year"] if by_year else program, OTHER)
                    group.bars.append(bar(f"{PROGRAM_NAMES.get(program, program)} {r['year']}", r["places"],
                                          number(r["places"]) + change, color))
            groups.append(group)
        legend = [(str(k) if by_year else PROGRAM_NAMES[k], c) for k, c in colors.items()]
        body.append(f"<h3>{escape(MEASURE_NAMES.get(measure, measure))}</h3>")
        body.append(bar_chart(groups, title=MEASURE_NAMES.get(measure, measure), legend=legend))
    return _card("sosu", "SOSU-lærepladser", "".join(body),
                 "Pladser pr. KKR og år; i parentes ændringen fra året før.")


def _seats(data: DashboardData) -> str:
    rows = data["seats"]
    if not rows:
        return _card("mandater", "Mandatfordeling i KKR", _empty("mandattabeller"))
    groups = []
    for kkr, period in sorted({(r["kkr"], r["period"]) for r in rows}):
        of = [r for r in rows if r["kkr"] == kkr and r["period"] == period]
        group = Group(f"{kkr} {period} – {of[0]['kkr_total']} pladser")
        for r in of:
            color = PARTY_COLORS.get(r["party"], OTHER)
            group.bars.append(Bar(
                party_label(r["party"], r["party_name"]),
                (Segment(r["mayors"] or 0, color, "borgmestre"), Segment(r["supplementary"] or 0, color + "80", "supplerende")),
                f"{number(r['total'])} ({number(r['mayors'])} borgm. + {number(r['supplementary'])} suppl.)"
                f" · {percent(r['share_of_seats'])}",
            ))
        groups.append(group)
    chart = bar_chart(groups, title="Mandater pr. parti og KKR",
                      legend=[("borgmestre", "#55606b"), ("supplerende valgte", "#55606b80")])
    return _card("mandater", "Mandatfordeling i KKR", chart)


def _budgets(data: DashboardData) -> str:
    rows = data["budgets"]
    if not rows:
        return _card("budgetter", "Budgetter i sager", _empty("budgettabeller"))
    table = _table(
        ["Møde", "Sag", "Titel", "Linjer", "Sum af linjer (kr.)", "Oplyst i alt (kr.)", "Forskel"],
        [[escape(f"{r['body'] or ''} {day(r['meeting_date'])}"), escape(r["case_no"] or r["item_no"] or ""),
          escape(r["title"] or ""), str(r["lines"]), number(r["sum_of_lines"]), number(r["stated_total"]),
          _difference_badge(r["difference"], r["adds_up"])]
         for r in rows],
        numeric={3, 4, 5, 6},
    )
    return _card("budgetter", "Budgetter i sager", table)


def _quality(data: DashboardData) -> str:
    runs = data["check_runs"]
    parts = []
    if runs:
        latest = runs[-1]
        parts.append(
            f'<p>Seneste kørsel <code>{escape(latest["run_id"])}</code>: '
            f'<strong>{latest["checks_run"]}</strong> kontroller kørt, '
            f'<strong>{latest["checks_failed"]}</strong> fejlet '
            f'({latest["errors"]} fejl, {latest["warnings"]} advarsler).</p>'
        )
        parts.append(_table(
            ["Tabel", "Kørt", "Fejlet", "Fejlede kontroller"],
            [[escape(r["table_name"]), str(r["checks_run"]),
              f'<span class="badge {"bad" if r["checks_failed"] else "good"}">{r["checks_failed"]}</span>',
              escape(r["failed_checks"] or "")] for r in data["checks_by_table"]],
            numeric={1, 2},
        ))
        failed = data["failed_checks"]
        if failed:
            parts.append("<h3>Fejlede kontroller</h3>")
            parts.append(_table(
                ["Tabel", "Kontrol", "Alvor", "Dokument", "Set", "Detaljer"],
                [[escape(r["table_name"]), escape(r["check_name"]), escape(r["severity"]),
                  escape(r["source_file"] or "") + (" (i karantæne)" if r["status"] == "quarantined" else ""),
                  escape(r["observed"] or ""), escape((r["details"] or "")[:300])] for r in failed],
            ))
    else:
        parts.append(_empty("valideringsresultater"))
    parts.append("<h3>Dokumenter</h3>")
    issues = {r["source_file"]: r["issues"] for r in data["issues_by_document"]}
    parts.append(_table(
        ["Fil", "Type", "Organ", "Dato", "Status", "Ikke tolkede linjer"],
        [[escape(d["source_file"]), escape(d["doc_type"] or ""), escape(d["body"] or ""),
          day(d["meeting_date"] or d["document_date"]),
          f'<span class="badge {"good" if d["status"] == "loaded" else "bad"}" title="{escape(d["error"] or "")}">'
          f'{escape(STATUS_NAMES.get(d["status"], d["status"]))}</span>',
          str(issues.get(d["source_file"], 0))] for d in data["documents"]],
        numeric={5},
    ))
    reasons = data["issues_by_reason"]
    if reasons:
        parts.append("<h3>Ikke tolkede linjer pr. årsag</h3>")
        parts.append(_table(
            ["Fil", "Årsag", "Antal", "Første linje"],
            [[escape(r["source_file"] or ""), escape(r["reason"]), str(r["issues"]),
              "" if r["first_line_no"] is None else str(r["first_line_no"])] for r in reasons],
            numeric={2, 3},
        ))
    return _card("kvalitet", "Datakvalitet", "".join(parts))


CSS = """
:root { --ink:#1d2731; --muted:#5b6875; --line:#e3e8ed; --bg:#f5f7f9; --card:#fff; --accent:#1f6f8b;
        --good:#2e8b57; --bad:#c0392b; --warn:#b9770e; }
* { box-sizing: border-box; }
body { margin:0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color:var(--ink); background:var(--bg); line-height:1.45; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; }
h1 { margin: 0 0 4px; font-size: 1.7rem; }
h2 { margin: 0 0 8px; font-size: 1.25rem; }
h3 { margin: 18px 0 6px; font-size: 1rem; color: var(--muted); }
.meta, .note, footer { color: var(--muted); font-size: .9rem; }
footer { padding: 16px 20px 32px; }
code { font-size: .85em; background: #eef2f5; padding: 1px 4px; border-radius: 3px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin: 18px 0; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px;
        display: flex; flex-direction: column; }
.tile .big { font-size: 1.6rem; font-weight: 650; }
.tile span:last-child { color: var(--muted); font-size: .85rem; }
.tile.good .big { color: var(--good); } .tile.bad .big { color: var(--bad); } .tile.warn .big { color: var(--warn); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 18px 20px; margin: 0 0 18px;
        overflow-x: auto; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; }
svg.chart text { fill: var(--ink); }
svg.chart .value { fill: var(--muted); font-variant-numeric: tabular-nums; }
svg.chart .group { font-weight: 650; }
svg.chart .legend { fill: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: 4px 0 8px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: .85rem; background: #eef2f5; }
.badge.good { background: #e3f3ea; color: var(--good); } .badge.bad { background: #f9e3e0; color: var(--bad); }
.badge.muted { color: var(--muted); }
.zero { font-size: .9rem; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
"""
