-- The findings a pooled view may pool: not a control arm's (an arm named, no cell therapy), not
-- a measure outside the contract's codes (`other`), and not a meta-analysis's or review's (its
-- pooled results already hold the studies it pooled). Each with its `measure_qualifier`
-- (37_measure_qualifier.sql): a pool takes one disease, measure and qualification. With the
-- `study_label` of its document ("Wang 2014"; the file name for a finding without a document row).
CREATE OR REPLACE VIEW v_poolable_findings AS
WITH source AS (
    SELECT f.*, d.design, coalesce(d.study_label, f.source_file) AS study_label
    FROM findings AS f
    LEFT JOIN documents AS d USING (doc_id)
)
SELECT * EXCLUDE (design), measure_qualifier(measure, measure_text, evidence_text) AS measure_qualifier
FROM source
WHERE NOT (arm IS NOT NULL AND intervention IS NULL)
  AND measure <> 'other'
  AND coalesce(design, '') NOT IN ('meta-analysis', 'review');
