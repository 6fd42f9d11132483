"""Notice new, changed or removed files in raw/: register their partitions, parse them, rebuild.

The cursor is the fingerprint (file -> sha256) of the last tick, kept by Dagster's instance,
so a restart does not re-trigger on files it has already seen. The scan looks at size and
modification time before hashing (`rawfiles.scan_entries`), so a tick over an unchanged raw/
costs a directory walk. New partitions (publisher-year) are registered in one request per tick.
"""


import hashlib
import json

import dagster as dg

from assets.corpus import source_partitions
from assets.resources import PipelineConfig
from assets.schedules import parse_documents_job, warehouse_job
from pipeline.corpus import scan, scan_cache_for, source_partition
from pipeline.loadsummary import fingerprint_of


def changed_files(previous: dict[str, str], current: dict[str, str]) -> list[str]:
    return sorted(name for name, sha in current.items() if previous.get(name) != sha)


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@dg.sensor(
    name="raw_files_sensor",
    jobs=[parse_documents_job, warehouse_job],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="New or changed files in raw/ -> parse their publisher-year partitions, then update the warehouse.",
)
def raw_files_sensor(context: dg.SensorEvaluationContext, settings: PipelineConfig) -> dg.SensorResult:
    previous = json.loads(context.cursor) if context.cursor else {}
    files = scan(settings.raw, scan_cache_for(settings.warehouse))
    current = fingerprint_of(files)
    changed = set(changed_files(previous, current))
    removed = sorted(set(previous) - set(current))
    if not changed and not removed:
        return dg.SensorResult(skip_reason="raw/ unchanged")
    by_partition: dict[str, list[str]] = {}
    for f in files:
        if f.source_file in changed:
            by_partition.setdefault(source_partition(f), []).append(f"{f.source_file}\0{f.sha256}")
    known = set(context.instance.get_dynamic_partitions(source_partitions.name))
    new_keys = sorted(k for k in by_partition if k not in known)
    runs = [dg.RunRequest(run_key=f"parse-{key}-{_key(*sorted(versions))}", job_name=parse_documents_job.name,
                          partition_key=key)
            for key, versions in sorted(by_partition.items())]
    runs.append(dg.RunRequest(run_key=f"warehouse-{_key(json.dumps(current, sort_keys=True))}",
                              job_name=warehouse_job.name))
    return dg.SensorResult(
        run_requests=runs,
        dynamic_partitions_requests=[source_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(current, sort_keys=True),
    )
