-- Warehouse tables (the public contract; see sql/dictionary.md for every column's meaning).
-- Mirrors pipeline/schema.py; tests/test_contract.py keeps the two in step.

CREATE TABLE documents (
    document_id VARCHAR,
    source_file VARCHAR,
    sha256 VARCHAR,
    doc_type VARCHAR,
    issuer VARCHAR,
    municipality_code VARCHAR,
    issuer_source VARCHAR,
    title VARCHAR,
    body VARCHAR,
    meeting_id VARCHAR,
    meeting_date DATE,
    document_date DATE,
    meeting_time VARCHAR,
    place VARCHAR,
    status VARCHAR,
    error VARCHAR,
    page_count BIGINT,
    size_bytes BIGINT,
    is_current BOOLEAN,
    superseded_by VARCHAR,
    loaded_at TIMESTAMP
);

CREATE TABLE meetings (
    meeting_id VARCHAR,
    issuer VARCHAR,
    municipality_code VARCHAR,
    body VARCHAR,
    meeting_date DATE,
    agenda_document_id VARCHAR,
    minutes_document_id VARCHAR,
    attendance_recorded BOOLEAN
);

CREATE TABLE agenda_items (
    document_id VARCHAR,
    item_no VARCHAR,
    title VARCHAR,
    case_no VARCHAR,
    recommendation VARCHAR,
    decision VARCHAR,
    page BIGINT
);

CREATE TABLE attendance (
    document_id VARCHAR,
    meeting_id VARCHAR,
    person_id VARCHAR,
    meeting_date DATE,
    body VARCHAR,
    person_name VARCHAR,
    party VARCHAR,
    municipality_code VARCHAR,
    status VARCHAR,
    excused BOOLEAN,
    substitute_for VARCHAR,
    role_note VARCHAR,
    partial_presence VARCHAR,
    evidence VARCHAR,
    page BIGINT,
    line_no BIGINT
);

CREATE TABLE refugee_quotas (
    document_id VARCHAR,
    year BIGINT,
    municipality_code VARCHAR,
    municipality VARCHAR,
    quota BIGINT,
    page BIGINT
);

CREATE TABLE refugee_quota_totals (
    document_id VARCHAR,
    year BIGINT,
    level VARCHAR,
    area VARCHAR,
    quota BIGINT,
    page BIGINT
);

CREATE TABLE sosu_training_places (
    document_id VARCHAR,
    year BIGINT,
    area VARCHAR,
    program VARCHAR,
    measure VARCHAR,
    places BIGINT,
    page BIGINT
);

CREATE TABLE kkr_seats (
    document_id VARCHAR,
    kkr VARCHAR,
    period VARCHAR,
    party VARCHAR,
    mayors BIGINT,
    supplementary BIGINT,
    total BIGINT,
    page BIGINT
);

CREATE TABLE budget_lines (
    document_id VARCHAR,
    item_no VARCHAR,
    label VARCHAR,
    amount_dkk DOUBLE,
    is_total BOOLEAN,
    year BIGINT,
    page BIGINT
);

CREATE TABLE amounts (
    document_id VARCHAR,
    item_no VARCHAR,
    amount_dkk DOUBLE,
    year BIGINT,
    context VARCHAR,
    page BIGINT
);

CREATE TABLE meeting_schedule (
    document_id VARCHAR,
    body VARCHAR,
    meeting_date DATE,
    weekday VARCHAR,
    note VARCHAR,
    kind VARCHAR,
    page BIGINT
);

CREATE TABLE municipalities (
    code VARCHAR,
    name VARCHAR,
    region VARCHAR,
    kkr VARCHAR,
    region_2027 VARCHAR
);

CREATE TABLE parties (
    letter VARCHAR,
    name VARCHAR
);

CREATE TABLE people (
    person_id VARCHAR,
    person_name VARCHAR,
    party VARCHAR,
    first_seen DATE,
    last_seen DATE,
    meetings_listed BIGINT
);

CREATE TABLE validation_results (
    run_id VARCHAR,
    table_name VARCHAR,
    check_name VARCHAR,
    success BOOLEAN,
    severity VARCHAR,
    observed VARCHAR,
    details VARCHAR,
    document_id VARCHAR,
    checked_at TIMESTAMP
);

CREATE TABLE parse_issues (
    document_id VARCHAR,
    table_name VARCHAR,
    code VARCHAR,
    page BIGINT,
    line_no BIGINT,
    raw_text VARCHAR,
    reason VARCHAR
);
