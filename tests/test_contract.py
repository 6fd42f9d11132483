"""The public table contract: ddl.sql, schema.py and the published warehouse agree, and the
minimum columns of WAREHOUSE.md are all there (restated here: tests may not read ../shared)."""

import re
from pathlib import Path

from pipeline.schema import TABLES

DDL = Path(__file__).resolve().parent.parent / "sql" / "ddl.sql"

CONTRACT_MINIMUM = {
    "documents": "document_id source_file sha256 doc_type body meeting_date status error page_count loaded_at",
    "meetings": "meeting_id body meeting_date agenda_document_id minutes_document_id",
    "agenda_items": "document_id item_no title case_no recommendation decision page",
    "attendance": "document_id meeting_date body person_name party municipality_code status substitute_for role_note page",
    "refugee_quotas": "document_id year municipality_code municipality quota",
    "refugee_quota_totals": "document_id year level area quota",
    "sosu_training_places": "document_id year area program measure places",
    "kkr_seats": "document_id kkr period party mayors supplementary total",
    "budget_lines": "document_id item_no label amount_dkk is_total",
    "amounts": "document_id item_no amount_dkk year context",
    "meeting_schedule": "document_id body meeting_date",
    "municipalities": "code name region kkr",
    "parties": "letter name",
    "validation_results": "run_id table_name check_name success observed details checked_at",
    "parse_issues": "document_id page line_no raw_text reason",
}


def ddl_columns() -> dict[str, list[str]]:
    tables = {}
    for name, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\);", DDL.read_text(), re.S):
        tables[name] = [line.split()[0] for line in body.strip().splitlines() if line.strip()]
    return tables


def test_schema_keeps_every_contract_column():
    for table, cols in CONTRACT_MINIMUM.items():
        missing = set(cols.split()) - set(TABLES[table])
        assert not missing, f"{table} lost contract columns {missing}"


def test_ddl_mirrors_schema():
    assert ddl_columns() == {t: list(cols) for t, cols in TABLES.items()}


def test_published_warehouse_has_every_table_and_column(seed_warehouse):
    import duckdb

    con = duckdb.connect(str(seed_warehouse), read_only=True)
    try:
        for table, cols in TABLES.items():
            got = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            assert got == list(cols), table
    finally:
        con.close()


def test_the_dictionary_names_every_enumerated_value_the_code_writes():
    """Producers, checks and the dictionary share pipeline.enums: each value must be documented."""
    from pipeline import enums

    text = (Path(__file__).resolve().parent.parent / "sql" / "dictionary.md").read_text(encoding="utf-8")

    def row(table: str, column: str) -> str:
        section = text.split(f"### {table}\n", 1)[1].split("\n### ", 1)[0]
        return next(line for line in section.splitlines() if line.startswith(f"| `{column}` |"))

    for table, column, values in [
        ("documents", "doc_type", enums.DOC_TYPES), ("documents", "status", enums.DOC_STATUSES),
        ("attendance", "status", enums.ATTENDANCE_STATUSES), ("sosu_training_places", "program", enums.PROGRAMS),
        ("sosu_training_places", "measure", enums.MEASURES), ("refugee_quota_totals", "level", enums.QUOTA_LEVELS),
    ]:
        described = row(table, column)
        missing = [v for v in values if f"'{v}'" not in described]
        assert not missing, f"{table}.{column} does not describe {missing}"
