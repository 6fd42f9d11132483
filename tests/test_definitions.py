"""The Dagster definitions: nightly schedule, raw/ sensor, publisher-year partitions, checks."""

import shutil
import subprocess
import sys

import dagster as dg

from conftest import RAW, ROOT


def test_definitions_load_without_importing_great_expectations():
    code = ("import sys; from assets.definitions import defs; "
            "assert 'great_expectations' not in sys.modules, 'GX imported at load'; "
            "print(len(defs.resolve_asset_graph().get_all_asset_keys()))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) >= 18  # partitioned parse asset, the change, 15 tables, warehouse


def test_schedule_sensor_partitions_and_checks_are_defined():
    from assets.definitions import defs

    schedule = defs.resolve_schedule_def("nightly_warehouse")
    assert schedule.cron_schedule == "0 2 * * *" and schedule.execution_timezone == "Europe/Copenhagen"
    assert schedule.job_name == "build_warehouse"
    assert defs.resolve_sensor_def("raw_files_sensor") is not None
    graph = defs.resolve_asset_graph()
    parsed = graph.get(dg.AssetKey("parsed_documents"))
    assert isinstance(parsed.partitions_def, dg.DynamicPartitionsDefinition)
    check_keys = graph.asset_check_keys
    assert len(check_keys) >= 20
    assert len({k.asset_key for k in check_keys}) >= 6


def _dated(path, year: int) -> None:
    import os
    import time

    stamp = time.mktime((year, 6, 1, 12, 0, 0, 0, 0, -1))
    os.utime(path, (stamp, stamp))


def test_sensor_registers_publisher_year_partitions_in_one_request_and_runs_only_changed_ones(tmp_path):
    from assets.resources import PipelineConfig
    from assets.sensors import raw_files_sensor

    raw = tmp_path / "raw"
    (raw / "Norddjurs Kommune").mkdir(parents=True)
    shutil.copy(RAW / "000_8d54ce4d43275776.txt", raw / "kkr_referat_2024-04-19.txt")  # year from the name
    shutil.copy(RAW / "003_5df23366ba455b5e.txt", raw / "Norddjurs Kommune" / "sag.txt")  # year from mtime
    shutil.copy(RAW / "004_152554ed5c6a8923.txt", raw / "Norddjurs Kommune" / "notat.txt")
    for name in ("sag.txt", "notat.txt"):
        _dated(raw / "Norddjurs Kommune" / name, 2025)
    settings = PipelineConfig(raw_dir=str(raw), warehouse_path=str(tmp_path / "w" / "meetings.duckdb"))
    with dg.instance_for_test() as instance:
        first = raw_files_sensor(dg.build_sensor_context(instance=instance, resources={"settings": settings}))
        parse_runs = [r for r in first.run_requests if r.job_name == "parse_documents"]
        assert sorted(r.partition_key for r in parse_runs) == ["norddjurs-kommune-2025", "ungrouped-2024"]
        assert [r.job_name for r in first.run_requests].count("build_warehouse") == 1
        (add,) = first.dynamic_partitions_requests  # two files, one partition: registered once, in one request
        assert sorted(add.partition_keys) == ["norddjurs-kommune-2025", "ungrouped-2024"]
        instance.add_dynamic_partitions("sources", list(add.partition_keys))

        quiet = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor,
                                                         resources={"settings": settings}))
        assert not quiet.run_requests

        (raw / "Norddjurs Kommune" / "notat.txt").write_text("Ændret indhold\n", encoding="utf-8")
        _dated(raw / "Norddjurs Kommune" / "notat.txt", 2025)
        changed = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor,
                                                           resources={"settings": settings}))
        assert [r.partition_key for r in changed.run_requests if r.job_name == "parse_documents"] == [
            "norddjurs-kommune-2025"]
        assert not changed.dynamic_partitions_requests  # already registered


def test_a_partition_parses_only_its_files_and_a_rerun_retries_only_the_failed_one(tmp_path):
    from assets.corpus import parsed_documents, source_partitions
    from assets.resources import PipelineConfig

    raw = tmp_path / "raw"
    (raw / "Norddjurs Kommune").mkdir(parents=True)
    (raw / "Aarhus Kommune").mkdir()
    shutil.copy(RAW / "003_5df23366ba455b5e.txt", raw / "Norddjurs Kommune" / "sag_2025.txt")
    (raw / "Norddjurs Kommune" / "broken_2025.txt").write_bytes(bytes(range(256)) * 50)
    shutil.copy(RAW / "004_152554ed5c6a8923.txt", raw / "Aarhus Kommune" / "notat_2025.txt")
    settings = PipelineConfig(raw_dir=str(raw), warehouse_path=str(tmp_path / "w" / "meetings.duckdb"), workers=1)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(source_partitions.name, ["norddjurs-kommune-2025", "aarhus-kommune-2025"])
        result = dg.materialize([parsed_documents], partition_key="norddjurs-kommune-2025", instance=instance,
                                resources={"settings": settings})
        assert result.success  # a rejected document is an outcome, not a failed run
        meta = result.asset_materializations_for_node("parsed_documents")[0].metadata
        assert (meta["files"].value, meta["parsed"].value, meta["rejected"].value) == (2, 2, 1)
        status = settings.store.query("SELECT source_file, status, partition_key FROM documents ORDER BY 1").rows()
        assert status == [("Norddjurs Kommune/broken_2025.txt", "rejected", "norddjurs-kommune-2025"),
                          ("Norddjurs Kommune/sag_2025.txt", "loaded", "norddjurs-kommune-2025")]  # not Aarhus

        # The broken file is fixed: re-running its partition parses it, and only it.
        shutil.copy(RAW / "004_152554ed5c6a8923.txt", raw / "Norddjurs Kommune" / "broken_2025.txt")
        again = dg.materialize([parsed_documents], partition_key="norddjurs-kommune-2025", instance=instance,
                               resources={"settings": settings})
        meta = again.asset_materializations_for_node("parsed_documents")[0].metadata
        assert (meta["files"].value, meta["parsed"].value, meta["rejected"].value) == (2, 1, 0)


def test_pipeline_imports_nothing_from_the_dagster_package():
    """`pipeline/` is the library; `assets/` is the Dagster layer over it, never the other way round."""
    import ast

    offenders = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n == "assets" or n.startswith("assets.")]
    assert offenders == []
    # and at run time: with `assets` unimportable, the library and its unchanged check still work
    code = ("import sys; sys.modules['assets'] = None\n"
            "import pkgutil, importlib, pipeline\n"
            "for m in pkgutil.walk_packages(pipeline.__path__, 'pipeline.'):\n"
            "    importlib.import_module(m.name)\n"
            "print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_run_keys_come_from_content_not_from_the_process(tmp_path):
    """The same raw/ gives the same run keys in any process (no `hash()`, which is salted per process)."""
    code = ("import sys, dagster as dg\n"
            "from assets.resources import PipelineConfig\n"
            "from assets.sensors import raw_files_sensor\n"
            "s = PipelineConfig(raw_dir=sys.argv[1], warehouse_path=sys.argv[2])\n"
            "with dg.instance_for_test() as i:\n"
            "    r = raw_files_sensor(dg.build_sensor_context(instance=i, resources={'settings': s}))\n"
            "print(sorted(x.run_key for x in r.run_requests))")
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "003_5df23366ba455b5e.txt", raw / "003.txt")
    keys = {subprocess.run([sys.executable, "-c", code, str(raw), str(tmp_path / "w.duckdb")], cwd=ROOT,
                           env={**__import__("os").environ, "PYTHONHASHSEED": seed}, capture_output=True,
                           text=True, timeout=120).stdout for seed in ("1", "2")}
    assert len(keys) == 1 and "warehouse-" in keys.pop()


def test_python_m_pipeline_load_stays_the_public_entry_point(tmp_path):
    """WAREHOUSE.md promises `python -m pipeline load --raw DIR --warehouse FILE`; the CLI lives in assets/."""
    raw = tmp_path / "raw"
    raw.mkdir()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "load", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "--raw" in proc.stdout and "--warehouse" in proc.stdout
