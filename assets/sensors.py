"""Notice new or changed files in raw/: register their partitions, parse them, rebuild.

The cursor is the fingerprint (file -> sha256) of the last tick, kept by Dagster's instance,
so a restart does not re-trigger on files it has already seen.
"""


import hashlib
import json

import dagster as dg

from assets.corpus import documents_partitions
from assets.resources import PipelineConfig
from assets.schedules import parse_documents_job, warehouse_job
from pipeline.corpus import partition_key, scan_cache_for
from pipeline.loadsummary import raw_fingerprint


def changed_files(previous: dict[str, str], current: dict[str, str]) -> list[str]:
    return sorted(name for name, sha in current.items() if previous.get(name) != sha)


@dg.sensor(
    name="raw_files_sensor",
    jobs=[parse_documents_job, warehouse_job],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="New or changed files in raw/ -> parse those partitions, then rebuild the warehouse.",
)
def raw_files_sensor(context: dg.SensorEvaluationContext, settings: PipelineConfig) -> dg.SensorResult:
    previous = json.loads(context.cursor) if context.cursor else {}
    current = raw_fingerprint(settings.raw, scan_cache_for(settings.warehouse))
    changed = changed_files(previous, current)
    removed = sorted(set(previous) - set(current))
    if not changed and not removed:
        return dg.SensorResult(skip_reason="raw/ unchanged")
    keys = [partition_key(name) for name in changed]
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    new_keys = [k for k in keys if k not in known]
    tick = hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:16]  # the same raw/, the same key
    runs = [
        dg.RunRequest(run_key=f"parse-{key}-{current[name][:12]}", job_name=parse_documents_job.name, partition_key=key)
        for key, name in zip(keys, changed)
    ]
    runs.append(dg.RunRequest(run_key=f"warehouse-{tick}", job_name=warehouse_job.name))
    return dg.SensorResult(
        run_requests=runs,
        dynamic_partitions_requests=[documents_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(current, sort_keys=True),
    )
