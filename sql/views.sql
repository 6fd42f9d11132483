-- Reporting views over the warehouse tables (see sql/dictionary.md for every column).
-- pipeline/warehouse.py runs this file inside each new warehouse after the tables are
-- loaded, so it is plain DuckDB SQL and must work on empty tables too. Views only read
-- the contract tables; a view used by another view is defined before it.
--
-- The reconciliations (stated totals beside the sums of their rows) are not here: each is
-- defined once in pipeline/validation/reconcile.py, which the checks run too, and is
-- created before this file runs: v_refugee_quota_reconciliation, v_budget_totals,
-- v_kkr_seat_reconciliation, v_sosu_reconciliation.


-- ── Attendance ──────────────────────────────────────────────────────────────────────────
-- Base: one row per person per meeting. A person listed twice for one meeting (a repeated
-- line, or in both agenda and minutes) counts once, and counts as present if any listing
-- says so. A person is `person_id` (pipeline/identity.py: name, municipality and party, so
-- two namesakes of two municipalities are two people), else the name as written; a meeting
-- is `meeting_id`, else (body, meeting_date); an undated document stands for itself.

CREATE OR REPLACE VIEW v_attendance_person_meeting AS
WITH keyed AS (
    SELECT
        a.*,
        coalesce(a.person_id, lower(regexp_replace(trim(a.person_name), '\s+', ' ', 'g'))) AS person_key,
        coalesce(a.meeting_id, CAST(a.meeting_date AS VARCHAR), a.document_id) AS meeting_key
    FROM attendance AS a
    WHERE a.person_name IS NOT NULL
)
SELECT
    k.body,
    any_value(meeting_date)                                   AS meeting_date,
    year(any_value(meeting_date))                             AS year,
    min(document_id)                                          AS document_id,
    min(person_name)                                          AS person_name,
    party,
    any_value(k.municipality_code)                            AS municipality_code,
    any_value(m.name)                                         AS municipality,
    CASE WHEN bool_or(status = 'present') THEN 'present' ELSE 'absent' END AS status,
    any_value(substitute_for)                                 AS substitute_for
FROM keyed AS k
LEFT JOIN municipalities AS m ON m.code = k.municipality_code
GROUP BY k.body, k.meeting_key, k.person_key, k.party;


-- Attendance rate = present / (present + absent), as a fraction 0–1.

CREATE OR REPLACE VIEW v_attendance_by_meeting AS
SELECT
    body,
    meeting_date,
    year,
    count(*) FILTER (WHERE status = 'present')                AS present,
    count(*) FILTER (WHERE status = 'absent')                 AS absent,
    count(*)                                                  AS listed,
    count(*) FILTER (WHERE status = 'present') / count(*)     AS attendance_rate
FROM v_attendance_person_meeting
GROUP BY body, meeting_date, year
ORDER BY meeting_date, body;

CREATE OR REPLACE VIEW v_attendance_by_body_year AS
SELECT
    body,
    year,
    count(DISTINCT coalesce(CAST(meeting_date AS VARCHAR), document_id)) AS meetings,
    count(*) FILTER (WHERE status = 'present')                AS present,
    count(*) FILTER (WHERE status = 'absent')                 AS absent,
    count(*) FILTER (WHERE status = 'present') / count(*)     AS attendance_rate
FROM v_attendance_person_meeting
GROUP BY body, year
ORDER BY year, body;

CREATE OR REPLACE VIEW v_attendance_by_person AS
SELECT
    person_name,
    party,
    body,
    year,
    count(*)                                                  AS meetings_listed,
    count(*) FILTER (WHERE status = 'present')                AS present,
    count(*) FILTER (WHERE status = 'absent')                 AS absent,
    count(*) FILTER (WHERE status = 'present') / count(*)     AS attendance_rate,
    min(meeting_date)                                         AS first_meeting,
    max(meeting_date)                                         AS last_meeting
FROM v_attendance_person_meeting
GROUP BY person_name, party, body, year
ORDER BY year, body, person_name;

CREATE OR REPLACE VIEW v_attendance_by_party AS
SELECT
    a.party,
    p.name                                                    AS party_name,
    a.body,
    a.meeting_date,
    a.year,
    count(*) FILTER (WHERE a.status = 'present')              AS present,
    count(*) FILTER (WHERE a.status = 'absent')               AS absent,
    count(*) FILTER (WHERE a.status = 'present') / count(*)   AS attendance_rate
FROM v_attendance_person_meeting AS a
LEFT JOIN parties AS p ON p.letter = a.party
GROUP BY a.party, p.name, a.body, a.meeting_date, a.year
ORDER BY a.meeting_date, a.body, a.party;

CREATE OR REPLACE VIEW v_attendance_by_party_year AS
SELECT
    party,
    party_name,
    year,
    count(DISTINCT (body, meeting_date))                      AS meetings,
    CAST(sum(present) AS BIGINT)                              AS present,
    CAST(sum(absent) AS BIGINT)                               AS absent,
    sum(present) / (sum(present) + sum(absent))               AS attendance_rate
FROM v_attendance_by_party
GROUP BY party, party_name, year
ORDER BY year, party;

CREATE OR REPLACE VIEW v_attendance_by_municipality AS
SELECT
    municipality_code,
    municipality,
    body,
    meeting_date,
    year,
    count(*) FILTER (WHERE status = 'present')                AS present,
    count(*) FILTER (WHERE status = 'absent')                 AS absent,
    count(*) FILTER (WHERE status = 'present') / count(*)     AS attendance_rate
FROM v_attendance_person_meeting
GROUP BY municipality_code, municipality, body, meeting_date, year
ORDER BY meeting_date, body, municipality_code;

CREATE OR REPLACE VIEW v_attendance_by_municipality_year AS
SELECT
    municipality_code,
    municipality,
    year,
    count(DISTINCT (body, meeting_date))                      AS meetings,
    CAST(sum(present) AS BIGINT)                              AS present,
    CAST(sum(absent) AS BIGINT)                               AS absent,
    sum(present) / (sum(present) + sum(absent))               AS attendance_rate
FROM v_attendance_by_municipality
GROUP BY municipality_code, municipality, year
ORDER BY year, municipality_code;

-- Who stood in for whom; the absent member's party when the same minutes list them.
CREATE OR REPLACE VIEW v_substitutions AS
SELECT
    s.body,
    s.meeting_date,
    s.person_name                                             AS substitute,
    s.party                                                   AS substitute_party,
    m.name                                                    AS municipality,
    s.substitute_for,
    (SELECT any_value(x.party) FROM attendance AS x
      WHERE x.document_id = s.document_id AND x.status = 'absent'
        AND lower(trim(x.person_name)) = lower(trim(s.substitute_for))) AS substitute_for_party,
    s.document_id,
    s.page,
    s.line_no
FROM attendance AS s
LEFT JOIN municipalities AS m ON m.code = s.municipality_code
WHERE s.substitute_for IS NOT NULL
ORDER BY s.meeting_date, s.body, s.person_name;


-- ── Meetings ────────────────────────────────────────────────────────────────────────────

CREATE OR REPLACE VIEW v_meetings AS
SELECT
    mt.meeting_id,
    mt.body,
    mt.meeting_date,
    year(mt.meeting_date)                                     AS year,
    mt.agenda_document_id IS NOT NULL                         AS has_agenda,
    mt.minutes_document_id IS NOT NULL                        AS has_minutes,
    mt.agenda_document_id,
    mt.minutes_document_id,
    a.present,
    a.absent,
    a.attendance_rate
FROM meetings AS mt
LEFT JOIN v_attendance_by_meeting AS a
       ON a.body = mt.body AND a.meeting_date = mt.meeting_date
ORDER BY mt.meeting_date, mt.body;

CREATE OR REPLACE VIEW v_meetings_per_body AS
SELECT
    body,
    count(*)                                                  AS meetings,
    count(*) FILTER (WHERE has_agenda)                        AS with_agenda,
    count(*) FILTER (WHERE has_minutes)                       AS with_minutes,
    min(meeting_date)                                         AS first_meeting,
    max(meeting_date)                                         AS last_meeting
FROM v_meetings
GROUP BY body
ORDER BY body;


-- ── Refugee quotas ──────────────────────────────────────────────────────────────────────

CREATE OR REPLACE VIEW v_refugee_quotas AS
SELECT
    q.year,
    q.municipality_code,
    coalesce(m.name, q.municipality)                          AS municipality,
    m.region,
    m.kkr,
    q.quota,
    rank() OVER (PARTITION BY q.document_id, q.year ORDER BY q.quota DESC) AS rank_in_document,
    q.document_id,
    d.body                                                    AS source_body,
    d.meeting_date                                            AS source_meeting_date,
    q.page
FROM refugee_quotas AS q
LEFT JOIN municipalities AS m ON m.code = q.municipality_code
LEFT JOIN documents AS d ON d.document_id = q.document_id
ORDER BY q.year, q.document_id, q.quota DESC, municipality;

-- v_refugee_quota_reconciliation: pipeline/validation/reconcile.py (QUOTAS).


-- ── SOSU training places ────────────────────────────────────────────────────────────────
-- When several documents state the same figure, the newest document's figure is used.
-- change = places − places of the year before (same area, programme and measure).

CREATE OR REPLACE VIEW v_sosu_places AS
WITH latest AS (
    SELECT s.*
    FROM sosu_training_places AS s
    LEFT JOIN documents AS d ON d.document_id = s.document_id
    QUALIFY row_number() OVER (
        PARTITION BY s.area, s.program, s.measure, s.year
        ORDER BY coalesce(d.meeting_date, d.document_date) DESC NULLS LAST, s.document_id DESC) = 1
)
SELECT
    area,
    CASE WHEN area LIKE 'KKR %' THEN 'kkr' ELSE 'national' END AS area_kind,
    program,
    measure,
    year,
    places,
    lag(year)   OVER w                                        AS previous_year,
    lag(places) OVER w                                        AS previous_places,
    places - lag(places) OVER w                               AS change,
    document_id
FROM latest
WINDOW w AS (PARTITION BY area, program, measure ORDER BY year)
ORDER BY measure, area_kind, area, program, year;


-- ── KKR seats ───────────────────────────────────────────────────────────────────────────
-- The newest document per KKR and period; share_of_seats = party total / KKR total (0–1).
-- The KKR total and the per-party sum come from v_kkr_seat_reconciliation (reconcile.py).

CREATE OR REPLACE VIEW v_kkr_seats AS
WITH ranked AS (
    SELECT s.*,
           dense_rank() OVER (
               PARTITION BY s.kkr, s.period
               ORDER BY coalesce(d.meeting_date, d.document_date) DESC NULLS LAST, s.document_id DESC
           ) AS document_rank
    FROM v_kkr_seat_reconciliation AS s
    LEFT JOIN documents AS d ON d.document_id = s.document_id
)
SELECT
    r.kkr,
    r.period,
    r.party,
    p.name                                                    AS party_name,
    r.mayors,
    r.supplementary,
    r.total,
    r.kkr_seats                                               AS kkr_total,
    r.total / r.kkr_seats                                     AS share_of_seats,
    r.adds_up,
    r.document_id
FROM ranked AS r
LEFT JOIN parties AS p ON p.letter = r.party
WHERE r.document_rank = 1
ORDER BY r.kkr, r.period, r.total DESC, r.party;


-- ── Budgets ─────────────────────────────────────────────────────────────────────────────
-- v_budget_totals: pipeline/validation/reconcile.py (BUDGETS).


-- ── Data quality ────────────────────────────────────────────────────────────────────────

-- A check that fails for several documents has one row per document in validation_results;
-- it counts once here. 'error' failures naming a document quarantined it; 'warn' ones flagged it.
CREATE OR REPLACE VIEW v_checks_per_run AS
SELECT
    run_id,
    min(checked_at)                                           AS checked_at,
    count(DISTINCT (table_name, check_name))                  AS checks_run,
    count(DISTINCT (table_name, check_name)) FILTER (WHERE NOT success) AS checks_failed,
    count(DISTINCT (table_name, check_name)) FILTER (WHERE NOT success AND severity = 'error') AS errors,
    count(DISTINCT (table_name, check_name)) FILTER (WHERE NOT success AND severity = 'warn') AS warnings,
    count(DISTINCT document_id) FILTER (WHERE NOT success AND severity = 'error') AS documents_quarantined,
    count(DISTINCT document_id) FILTER (WHERE NOT success AND severity = 'warn')  AS documents_flagged
FROM validation_results
GROUP BY run_id
ORDER BY checked_at, run_id;

CREATE OR REPLACE VIEW v_checks_per_run_table AS
SELECT
    run_id,
    table_name,
    count(DISTINCT check_name)                                AS checks_run,
    count(DISTINCT check_name) FILTER (WHERE NOT success)     AS checks_failed,
    string_agg(DISTINCT check_name, ', ' ORDER BY check_name) FILTER (WHERE NOT success) AS failed_checks
FROM validation_results
GROUP BY run_id, table_name
ORDER BY run_id, table_name;

CREATE OR REPLACE VIEW v_parse_issues_by_document AS
SELECT
    d.document_id,
    d.source_file,
    d.doc_type,
    d.status,
    count(i.document_id)                                      AS issues
FROM documents AS d
LEFT JOIN parse_issues AS i ON i.document_id = d.document_id
GROUP BY d.document_id, d.source_file, d.doc_type, d.status
ORDER BY d.source_file;

CREATE OR REPLACE VIEW v_parse_issues_by_reason AS
SELECT
    i.document_id,
    d.source_file,
    i.table_name,
    i.code,
    min(i.reason)                                             AS reason,
    count(*)                                                  AS issues,
    min(i.line_no)                                            AS first_line_no
FROM parse_issues AS i
LEFT JOIN documents AS d ON d.document_id = i.document_id
GROUP BY i.document_id, d.source_file, i.table_name, i.code
ORDER BY d.source_file, first_line_no;

CREATE OR REPLACE VIEW v_documents_by_status AS
SELECT
    status,
    count(*)                                                  AS documents,
    count(*) FILTER (WHERE is_current)                        AS current_documents
FROM documents
GROUP BY status
ORDER BY status;

-- Per document and fact type: was such a section detected, and were rows extracted from it?
-- Detected = rows came out, or a parser recognised the section and could not read it
-- (parse_issues.code 'table_not_read' / 'attendance_empty'). So an analyst can tell a table
-- that is missing from the warehouse from one that was never in the document.
CREATE OR REPLACE VIEW v_coverage AS
WITH fact_types(fact_type) AS (
    VALUES ('agenda_items'), ('attendance'), ('refugee_quotas'), ('refugee_quota_totals'),
           ('sosu_training_places'), ('kkr_seats'), ('budget_lines'), ('amounts'), ('meeting_schedule')
), extracted AS (
    SELECT document_id, 'agenda_items' AS fact_type, count(*) AS n FROM agenda_items GROUP BY ALL
    UNION ALL SELECT document_id, 'attendance', count(*) FROM attendance GROUP BY ALL
    UNION ALL SELECT document_id, 'refugee_quotas', count(*) FROM refugee_quotas GROUP BY ALL
    UNION ALL SELECT document_id, 'refugee_quota_totals', count(*) FROM refugee_quota_totals GROUP BY ALL
    UNION ALL SELECT document_id, 'sosu_training_places', count(*) FROM sosu_training_places GROUP BY ALL
    UNION ALL SELECT document_id, 'kkr_seats', count(*) FROM kkr_seats GROUP BY ALL
    UNION ALL SELECT document_id, 'budget_lines', count(*) FROM budget_lines GROUP BY ALL
    UNION ALL SELECT document_id, 'amounts', count(*) FROM amounts GROUP BY ALL
    UNION ALL SELECT document_id, 'meeting_schedule', count(*) FROM meeting_schedule GROUP BY ALL
), not_read AS (
    SELECT document_id, table_name AS fact_type, count(*) AS n
    FROM parse_issues
    WHERE code IN ('table_not_read', 'attendance_empty')
    GROUP BY ALL
)
SELECT
    d.document_id,
    d.source_file,
    d.issuer,
    d.doc_type,
    t.fact_type,
    coalesce(e.n, 0) > 0 OR coalesce(m.n, 0) > 0                  AS detected,
    coalesce(e.n, 0) > 0                                          AS extracted,
    coalesce(e.n, 0)                                              AS rows_extracted,
    coalesce(m.n, 0)                                              AS sections_not_read
FROM documents AS d
CROSS JOIN fact_types AS t
LEFT JOIN extracted AS e ON e.document_id = d.document_id AND e.fact_type = t.fact_type
LEFT JOIN not_read AS m ON m.document_id = d.document_id AND m.fact_type = t.fact_type
WHERE d.status = 'loaded'
ORDER BY d.source_file, t.fact_type;

-- Per issuer and body and year: how much arrives and how well it reads. A source whose
-- minutes stop stating attendance, or whose parse issues climb, shows here first.
CREATE OR REPLACE VIEW v_source_health AS
WITH docs AS (
    SELECT
        d.document_id, d.issuer, d.body, d.doc_type, d.meeting_date,
        year(coalesce(d.meeting_date, d.document_date))                AS year,
        EXISTS (SELECT 1 FROM attendance a WHERE a.document_id = d.document_id) AS has_attendance,
        (SELECT count(*) FROM parse_issues i WHERE i.document_id = d.document_id) AS issues
    FROM documents AS d
    WHERE d.status = 'loaded'
)
SELECT
    issuer,
    body,
    year,
    count(*)                                                          AS documents,
    count(*) FILTER (WHERE doc_type = 'referat')                      AS minutes,
    max(meeting_date)                                                 AS last_meeting_in_year,
    max(max(meeting_date)) OVER (PARTITION BY issuer, body)           AS last_meeting_seen,
    avg(CASE WHEN has_attendance THEN 1.0 ELSE 0.0 END) FILTER (WHERE doc_type = 'referat')
                                                                      AS minutes_with_attendance_share,
    sum(issues) / count(*)                                            AS parse_issues_per_document
FROM docs
GROUP BY issuer, body, year
ORDER BY issuer NULLS LAST, body NULLS LAST, year NULLS LAST;
