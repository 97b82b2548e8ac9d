-- The findings a pooled view may pool, each with its pooling key. A pool is like with like: one
--   disease, and for a disease outside the contract's codes (OTHER) one `disease_name` (no pool
--     without a disease: a finding with no disease, or OTHER with no name, is not pooled);
--   measure with its qualification (`measure_qualifier`, 37_measure_qualifier.sql);
--   intervention;
--   population: what the denominator counts (NULL: all treated patients; "responders" never pools
--     with all treated);
--   timepoint window (36_timepoint_window.sql): `timepoint_months` here is the window, the time as
--     stated is `timepoint_stated_months` and as written `timepoint_text`.
-- Not pooled: a control arm's findings (an arm named, no cell therapy), a measure outside the
-- contract's codes (`other`), a meta-analysis's or review's (its pooled results already hold
-- the studies it pooled), and any result a document restates from another source (`restated`,
-- extractors/attribution.py): a cohort pools only through the primary study's own document.
-- With the `study_label` of its document ("Wang 2014"; the file name for a finding without a
-- document row).
CREATE OR REPLACE VIEW v_poolable_findings AS
WITH source AS (
    SELECT f.*, d.design, coalesce(d.study_label, f.source_file) AS study_label
    FROM findings AS f
    LEFT JOIN documents AS d USING (doc_id)
)
SELECT
    * EXCLUDE (design, timepoint_months),
    timepoint_months                                      AS timepoint_stated_months,
    timepoint_window(timepoint_months)                    AS timepoint_months,
    measure_qualifier(measure, measure_text, evidence_text) AS measure_qualifier
FROM source
WHERE NOT (arm IS NOT NULL AND intervention IS NULL)
  AND measure <> 'other'
  AND disease IS NOT NULL
  AND NOT (disease = 'OTHER' AND disease_name IS NULL)
  AND NOT coalesce(restated, false)
  AND coalesce(design, '') NOT IN ('meta-analysis', 'review');
