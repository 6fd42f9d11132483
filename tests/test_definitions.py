"""The Dagster definitions: nightly schedule, raw/ sensor, per-document partitions, checks."""

import shutil
import subprocess
import sys

import dagster as dg

from conftest import RAW, ROOT


def test_definitions_load_without_importing_great_expectations():
    code = ("import sys; from pipeline.definitions import defs; "
            "assert 'great_expectations' not in sys.modules, 'GX imported at load'; "
            "print(len(defs.resolve_asset_graph().get_all_asset_keys()))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) >= 18  # partitioned document asset, corpus, 16 tables, warehouse


def test_schedule_sensor_partitions_and_checks_are_defined():
    from pipeline.definitions import defs

    schedule = defs.resolve_schedule_def("nightly_warehouse")
    assert schedule.cron_schedule == "0 2 * * *" and schedule.execution_timezone == "Europe/Copenhagen"
    assert schedule.job_name == "build_warehouse"
    assert defs.resolve_sensor_def("raw_files_sensor") is not None
    graph = defs.resolve_asset_graph()
    parsed = graph.get(dg.AssetKey("parsed_document"))
    assert isinstance(parsed.partitions_def, dg.DynamicPartitionsDefinition)
    check_keys = graph.asset_check_keys
    assert len(check_keys) >= 20
    assert len({k.asset_key for k in check_keys}) >= 6


def test_sensor_registers_partitions_and_requests_runs_for_new_or_changed_files(tmp_path):
    from assets.resources import PipelineConfig
    from assets.sensors import raw_files_sensor

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_8d54ce4d43275776.txt", "003_5df23366ba455b5e.txt"):
        shutil.copy(RAW / name, raw / name)
    settings = PipelineConfig(raw_dir=str(raw), warehouse_path=str(tmp_path / "w" / "meetings.duckdb"))
    with dg.instance_for_test() as instance:
        first = raw_files_sensor(dg.build_sensor_context(instance=instance, resources={"settings": settings}))
        parse_runs = [r for r in first.run_requests if r.job_name == "parse_documents"]
        assert sorted(r.partition_key for r in parse_runs) == ["000_8d54ce4d43275776.txt", "003_5df23366ba455b5e.txt"]
        assert [r.job_name for r in first.run_requests].count("build_warehouse") == 1
        (add,) = first.dynamic_partitions_requests
        assert sorted(add.partition_keys) == sorted(r.partition_key for r in parse_runs)

        quiet = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor,
                                                         resources={"settings": settings}))
        assert not quiet.run_requests

        (raw / "003_5df23366ba455b5e.txt").write_text("Ændret indhold\n", encoding="utf-8")
        changed = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor,
                                                           resources={"settings": settings}))
        assert [r.partition_key for r in changed.run_requests if r.job_name == "parse_documents"] == [
            "003_5df23366ba455b5e.txt"]


def test_a_document_partition_parses_alone_into_the_cache(tmp_path):
    from assets.corpus import documents_partitions, parsed_document
    from assets.resources import PipelineConfig
    from pipeline.corpus import ParseCache, scan

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "003_5df23366ba455b5e.txt", raw / "003.txt")
    (raw / "broken.txt").write_bytes(bytes(range(256)) * 50)
    settings = PipelineConfig(raw_dir=str(raw), warehouse_path=str(tmp_path / "w" / "meetings.duckdb"), workers=1)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(documents_partitions.name, ["003.txt", "broken.txt"])
        result = dg.materialize([parsed_document], partition_key="broken.txt", instance=instance,
                                resources={"settings": settings})
        assert result.success  # a rejected document is an outcome, not a failed run
        meta = result.asset_materializations_for_node("parsed_document")[0].metadata
        assert meta["rejected"].value == 1
    cache = ParseCache(settings.cache_dir)
    got = {f.source_file: cache.get(f) for f in scan(raw)}
    assert got["003.txt"] is None  # only the selected partition was parsed
    assert got["broken.txt"].document["status"] == "rejected"
