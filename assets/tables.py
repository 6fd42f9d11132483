"""One asset per warehouse table, so each has its own lineage and checks in the UI."""


import dagster as dg
import polars as pl

from pipeline import tables as T
from pipeline.schema import FACT_TABLES, frame


def _fact_asset(table: str) -> dg.AssetsDefinition:
    @dg.asset(name=table, group_name="warehouse_tables", kinds={"polars"},
              description=f"`{table}` rows from every current document.")
    def _table(corpus: list) -> pl.DataFrame:
        return T.fact_frame(table, corpus)

    return _table


fact_assets = [_fact_asset(t) for t in FACT_TABLES]


@dg.asset(group_name="warehouse_tables", kinds={"polars"},
          description="One row per source file version: loaded, rejected (with why) or superseded.")
def documents(corpus: list) -> pl.DataFrame:
    return T.documents_frame(corpus)


@dg.asset(group_name="warehouse_tables", kinds={"polars"},
          description="One row per meeting (issuer, body, date), linking agenda and minutes.")
def meetings(documents: pl.DataFrame, attendance: pl.DataFrame) -> pl.DataFrame:
    return T.meetings_frame(documents, attendance)


@dg.asset(group_name="reference", kinds={"polars"}, description="The 98 municipalities: code, name, region, KKR.")
def municipalities() -> pl.DataFrame:
    from pipeline import reference

    return reference.municipalities().select(frame("municipalities").columns)


@dg.asset(group_name="reference", kinds={"polars"}, description="Party letters and names.")
def parties() -> pl.DataFrame:
    from pipeline import reference

    return reference.parties().select(frame("parties").columns)


@dg.asset(group_name="warehouse_tables", kinds={"polars"},
          description="One identity per person (name and party) across meetings.")
def people(attendance: pl.DataFrame) -> pl.DataFrame:
    from pipeline.people import people_frame

    return people_frame(attendance)


table_assets = [*fact_assets, documents, meetings, municipalities, parties, people]
