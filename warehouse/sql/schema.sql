-- The warehouse tables. Applied on every run; creating what exists is a no-op.

CREATE TABLE IF NOT EXISTS documents (
    doc_id            TEXT PRIMARY KEY,  -- sha256 of the raw bytes
    source_file       TEXT NOT NULL,     -- path relative to the seeds folder
    format            TEXT NOT NULL,     -- txt, html, pdf
    title             TEXT,
    doi               TEXT,
    journal           TEXT,
    year              INTEGER,
    study_label       TEXT,              -- "Wang 2014": first author and year as people cite it; else the file name
    design            TEXT,              -- rct, controlled, single-arm, cohort, registry, meta-analysis, review
    extractor_version TEXT NOT NULL,
    loaded_at         TIMESTAMP NOT NULL,
    raw_text          TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS trial_arms (
    arm_id         TEXT PRIMARY KEY,
    doc_id         TEXT NOT NULL,
    source_file    TEXT NOT NULL,
    row_no         INTEGER NOT NULL,
    line_start     INTEGER NOT NULL,
    line_end       INTEGER NOT NULL,
    disease        TEXT,
    disease_text   TEXT,
    cell_source    TEXT,
    cell_text      TEXT,
    origin         TEXT,
    route          TEXT,
    route_text     TEXT,
    n_patients     INTEGER,
    dose_text      TEXT,
    dose_min       DOUBLE,
    dose_max       DOUBLE,
    dose_unit      TEXT,
    outcome_text   TEXT,
    adverse_events TEXT,
    registry_id    TEXT,
    year           INTEGER,
    reference      TEXT,
    table_title    TEXT
);

CREATE TABLE IF NOT EXISTS findings (
    finding_id       TEXT PRIMARY KEY,
    doc_id           TEXT NOT NULL,
    source_file      TEXT NOT NULL,
    intervention     TEXT,             -- NULL for a control arm
    arm              TEXT,             -- as the text names it; NULL in a single-arm study
    disease          TEXT,
    measure          TEXT NOT NULL,
    measure_text     TEXT,
    timepoint_months DOUBLE,
    value            DOUBLE,
    unit             TEXT,
    sd               DOUBLE,
    n                INTEGER,
    numerator        INTEGER,
    denominator      INTEGER,
    ci_low           DOUBLE,
    ci_high          DOUBLE,
    section          TEXT,             -- abstract, results, ...: where in the paper; NULL for a text without sections
    timepoint_text   TEXT,             -- the time as written ("day 28")
    disease_name     TEXT,             -- for disease OTHER: the disease as named, normalised
    value_kind       TEXT,             -- level, change or estimate
    population       TEXT,             -- what the denominator counts when not all treated patients
    restated         BOOLEAN,          -- another study's result the document restates: kept, never pooled
    evidence_text    TEXT NOT NULL,
    char_start       INTEGER NOT NULL,
    char_end         INTEGER NOT NULL
);

-- Every document or record that failed, with the reason in plain words.
CREATE TABLE IF NOT EXISTS rejects (
    source_file TEXT,
    doc_id      TEXT,
    stage       TEXT NOT NULL,  -- read, extract, table, validate:<table>
    record      TEXT,           -- JSON
    errors      TEXT NOT NULL,
    run_id      TEXT,
    rejected_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS runs (
    run_id          TEXT PRIMARY KEY,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    status          TEXT NOT NULL,
    seeds           TEXT,
    docs_seen       INTEGER,
    docs_new        INTEGER,
    docs_changed    INTEGER,
    docs_unchanged  INTEGER,
    docs_removed    INTEGER,
    arms_loaded     INTEGER,
    findings_loaded INTEGER,
    rows_rejected   INTEGER,
    seconds         DOUBLE,
    flow_run_id     TEXT  -- the Prefect flow run; NULL when the run found nothing to do before Prefect started
);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS flow_run_id TEXT;  -- warehouses made before the column
-- warehouses made before these columns
ALTER TABLE documents ADD COLUMN IF NOT EXISTS design TEXT;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS study_label TEXT;  -- filled for old rows by store.label_old_documents
ALTER TABLE findings ADD COLUMN IF NOT EXISTS arm TEXT;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS disease TEXT;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS ci_low DOUBLE;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS ci_high DOUBLE;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS section TEXT;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS timepoint_text TEXT;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS disease_name TEXT;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS value_kind TEXT;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS population TEXT;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS restated BOOLEAN;

-- One row per pooled estimate a run changed (a pool that appeared, went, or whose studies or
-- estimate changed), written in the run's own transaction: see sql/history/.
CREATE TABLE IF NOT EXISTS pooled_history (
    run_id            TEXT NOT NULL,
    disease           TEXT,
    measure           TEXT NOT NULL,
    measure_qualifier TEXT,             -- beyond the contract: "proteinuria" for a relapse of proteinuria
    intervention      TEXT,
    timepoint_months  DOUBLE,
    k_before          INTEGER NOT NULL,
    k_after           INTEGER NOT NULL,
    pooled_pct_before DOUBLE,           -- NULL: the pool did not exist before the run
    pooled_pct_after  DOUBLE,           -- NULL: the run took its last study away
    documents_added   TEXT,             -- file names, comma-separated
    documents_removed TEXT,
    documents_changed TEXT,             -- beyond the contract: files in the pool before and after that the run re-read
    changed_at        TIMESTAMP NOT NULL,
    -- beyond the contract: which pool. 'proportion' (v_pooled_proportions: pooled_pct_*) or
    -- 'mean_change' (v_pooled_changes: unit and mean_change_*, pooled_pct_* NULL)
    kind               TEXT NOT NULL DEFAULT 'proportion',
    unit               TEXT,            -- a mean-change pool's unit; NULL for a proportion
    disease_name       TEXT,            -- the pool's key beyond disease for OTHER (see findings)
    population         TEXT,            -- the pool's denominator when not all treated patients
    mean_change_before DOUBLE,          -- NULL: the mean-change pool did not exist before the run
    mean_change_after  DOUBLE           -- NULL: the run took its last study away
);
-- warehouses made before these columns: their rows are all proportions
ALTER TABLE pooled_history ADD COLUMN IF NOT EXISTS kind TEXT DEFAULT 'proportion';
ALTER TABLE pooled_history ADD COLUMN IF NOT EXISTS unit TEXT;
ALTER TABLE pooled_history ADD COLUMN IF NOT EXISTS mean_change_before DOUBLE;
ALTER TABLE pooled_history ADD COLUMN IF NOT EXISTS mean_change_after DOUBLE;
ALTER TABLE pooled_history ADD COLUMN IF NOT EXISTS disease_name TEXT;
ALTER TABLE pooled_history ADD COLUMN IF NOT EXISTS population TEXT;
