"""Rules over whole tables, run as SQL inside DuckDB on the warehouse about to be published.

Great Expectations judges the rows of the documents a run changed (`suites`); what no single
document can guarantee is judged here, over every row, without reading the tables into Python:
keys that span documents (`documents`, `meetings`, `people`) and the references from fact rows
to the documents they came from. A failure is a contract failure: the load stops and the
previous warehouse stays. Rules and keys come from `pipeline.contract`.
"""

from __future__ import annotations

from pipeline.contract import SPECS
from pipeline.validation.results import CheckResult

SHOWN = 5


def _key_rules():
    for spec in SPECS.values():
        if spec.key and (spec.key == ("document_id",) or "document_id" not in spec.key):
            yield spec


def check(con) -> list[CheckResult]:
    """One result per rule and table, computed by DuckDB."""
    out = []
    for spec in _key_rules():
        key = ", ".join(spec.key)
        total, dupes = _failing(con, f"SELECT {key}, count(*) AS n FROM {spec.name} GROUP BY ALL HAVING count(*) > 1",
                                total="count(*)", show_n=True)
        out.append(_result(spec.name, "whole_table_key_unique", f"no two rows of the whole table share {key}",
                           total, dupes, "keys shared"))
    for spec in SPECS.values():
        if spec.from_documents:
            n, bad = _failing(con, f"SELECT document_id, count(*) AS n FROM {spec.name} WHERE document_id IS NULL OR "
                                   "document_id NOT IN (SELECT document_id FROM documents WHERE status = 'loaded' "
                                   "AND is_current) GROUP BY ALL")
            out.append(_result(spec.name, "whole_table_document_loaded",
                               "every row of the whole table comes from a loaded, current document", n, bad, "rows"))
        for column in spec.documents_known:
            n, bad = _failing(con, f"SELECT {column}, count(*) AS n FROM {spec.name} WHERE {column} IS NOT NULL AND "
                                   f"{column} NOT IN (SELECT document_id FROM documents) GROUP BY ALL")
            out.append(_result(spec.name, f"whole_table_{column}_known",
                               f"{column} names a row of `documents` (whole table)", n, bad, "rows"))
    return out


def _failing(con, grouped: str, *, total: str = "sum(n)", show_n: bool = False) -> tuple[int, list[tuple]]:
    """One query over `grouped` (failing values, then `n`, the rows each stands for): the number failing
    (`total` over the groups: rows by default, groups for a key rule) and the first SHOWN of them, most
    rows first, with their `n` when `show_n`."""
    got = con.execute(f"SELECT {total} OVER () AS _failing, * FROM ({grouped}) ORDER BY n DESC, 2 "
                      f"LIMIT {SHOWN}").fetchall()
    if not got:
        return 0, []
    return int(got[0][0]), [row[1:] if show_n else row[1:-1] for row in got]


def _result(table: str, name: str, description: str, failing: int, examples: list, unit: str) -> CheckResult:
    ok = failing == 0
    shown = "; ".join(", ".join(str(v) for v in row) for row in examples)
    details = f"{table}: {description}" if ok else f"{table}: expected {description}; failing: {shown}"
    return CheckResult(table, name, ok, "error", f"{failing} {unit}", details)


def failures(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if not r.success]
