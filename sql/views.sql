-- Reporting views over the warehouse tables (see sql/dictionary.md for every column).
-- pipeline/warehouse.py runs this file inside each new warehouse after the tables are
-- loaded, so it is plain DuckDB SQL and must work on empty tables too. Views only read
-- the contract tables; a view used by another view is defined before it.


-- ── Attendance ──────────────────────────────────────────────────────────────────────────
-- Base: one row per person per meeting. A person listed twice for one meeting (a repeated
-- line, or in both agenda and minutes) counts once, and counts as present if any listing
-- says so. A meeting is (body, meeting_date); an undated document stands for itself.

CREATE OR REPLACE VIEW v_attendance_person_meeting AS
WITH keyed AS (
    SELECT
        a.*,
        lower(regexp_replace(trim(a.person_name), '\s+', ' ', 'g')) AS person_key,
        coalesce(CAST(a.meeting_date AS VARCHAR), a.document_id) AS meeting_key
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

-- One row per stated total (document, year, level, area) beside the sum of the municipality
-- quotas it covers. A KKR or region known to `municipalities` covers its own municipalities;
-- the landstal covers all; an area the reference does not know (a 2027 region such as
-- 'Region Østdanmark') covers every municipality row of the same document and year.
-- difference = sum_of_municipalities − stated_total (0 when they agree).
CREATE OR REPLACE VIEW v_refugee_quota_reconciliation AS
WITH members AS (
    SELECT 'kkr' AS level, kkr AS area, code FROM municipalities
    UNION
    SELECT 'region', region, code FROM municipalities
),
areas AS (
    SELECT level, area, count(*) AS municipalities_in_area FROM members GROUP BY level, area
),
totals AS (
    SELECT t.*,
           CASE WHEN t.level = 'landstal' THEN 'national'
                WHEN a.area IS NOT NULL THEN 'area'
                ELSE 'document' END                           AS scope,
           CASE WHEN t.level = 'landstal' THEN (SELECT count(*) FROM municipalities)
                ELSE a.municipalities_in_area END             AS municipalities_in_area
    FROM refugee_quota_totals AS t
    LEFT JOIN areas AS a ON a.level = t.level AND a.area = t.area
),
summed AS (
    SELECT
        t.document_id, t.year, t.level, t.area, t.scope, t.quota AS stated_total, t.municipalities_in_area,
        CAST(coalesce(sum(q.quota), 0) AS BIGINT)             AS sum_of_municipalities,
        count(q.municipality_code)                            AS municipalities_listed
    FROM totals AS t
    LEFT JOIN refugee_quotas AS q
           ON q.document_id = t.document_id AND q.year = t.year
          AND (t.scope <> 'area' OR q.municipality_code IN (
                  SELECT mb.code FROM members AS mb WHERE mb.level = t.level AND mb.area = t.area))
    GROUP BY ALL
)
SELECT
    document_id,
    year,
    level,
    area,
    scope,
    stated_total,
    sum_of_municipalities,
    municipalities_listed,
    municipalities_in_area,
    municipalities_listed = municipalities_in_area            AS is_complete,
    sum_of_municipalities - stated_total                      AS difference
FROM summed
ORDER BY year, document_id, level, area;


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

CREATE OR REPLACE VIEW v_kkr_seats AS
WITH ranked AS (
    SELECT s.*,
           dense_rank() OVER (
               PARTITION BY s.kkr, s.period
               ORDER BY coalesce(d.meeting_date, d.document_date) DESC NULLS LAST, s.document_id DESC
           ) AS document_rank
    FROM kkr_seats AS s
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
    CAST(sum(r.total) OVER (PARTITION BY r.kkr, r.period) AS BIGINT) AS kkr_total,
    r.total / sum(r.total) OVER (PARTITION BY r.kkr, r.period) AS share_of_seats,
    r.document_id
FROM ranked AS r
LEFT JOIN parties AS p ON p.letter = r.party
WHERE r.document_rank = 1
ORDER BY r.kkr, r.period, r.total DESC, r.party;


-- ── Budgets ─────────────────────────────────────────────────────────────────────────────
-- Per document and agenda item: the priced lines' sum beside the stated 'I alt'.
-- difference = sum_of_lines − stated_total (NULL when no total is stated).

CREATE OR REPLACE VIEW v_budget_totals AS
WITH items AS (
    SELECT document_id, item_no, any_value(case_no) AS case_no, any_value(title) AS title
    FROM agenda_items
    GROUP BY document_id, item_no
)
SELECT
    b.document_id,
    d.body,
    d.meeting_date,
    b.item_no,
    i.case_no,
    i.title,
    count(*) FILTER (WHERE NOT b.is_total)                    AS lines,
    sum(b.amount_dkk) FILTER (WHERE NOT b.is_total)           AS sum_of_lines,
    sum(b.amount_dkk) FILTER (WHERE b.is_total)               AS stated_total,
    sum(b.amount_dkk) FILTER (WHERE NOT b.is_total)
      - sum(b.amount_dkk) FILTER (WHERE b.is_total)           AS difference
FROM budget_lines AS b
LEFT JOIN items AS i
       ON i.document_id = b.document_id AND i.item_no IS NOT DISTINCT FROM b.item_no
LEFT JOIN documents AS d ON d.document_id = b.document_id
GROUP BY b.document_id, d.body, d.meeting_date, b.item_no, i.case_no, i.title
ORDER BY d.meeting_date, b.document_id, b.item_no;


-- ── Data quality ────────────────────────────────────────────────────────────────────────

CREATE OR REPLACE VIEW v_checks_per_run AS
SELECT
    run_id,
    min(checked_at)                                           AS checked_at,
    count(*)                                                  AS checks_run,
    count(*) FILTER (WHERE NOT success)                       AS checks_failed,
    count(*) FILTER (WHERE NOT success AND severity = 'error') AS errors,
    count(*) FILTER (WHERE NOT success AND severity = 'warn') AS warnings
FROM validation_results
GROUP BY run_id
ORDER BY checked_at, run_id;

CREATE OR REPLACE VIEW v_checks_per_run_table AS
SELECT
    run_id,
    table_name,
    count(*)                                                  AS checks_run,
    count(*) FILTER (WHERE NOT success)                       AS checks_failed,
    string_agg(check_name, ', ' ORDER BY check_name) FILTER (WHERE NOT success) AS failed_checks
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
    i.reason,
    count(*)                                                  AS issues,
    min(i.line_no)                                            AS first_line_no
FROM parse_issues AS i
LEFT JOIN documents AS d ON d.document_id = i.document_id
GROUP BY i.document_id, d.source_file, i.reason
ORDER BY d.source_file, first_line_no;

CREATE OR REPLACE VIEW v_documents_by_status AS
SELECT
    status,
    count(*)                                                  AS documents,
    count(*) FILTER (WHERE is_current)                        AS current_documents
FROM documents
GROUP BY status
ORDER BY status;
