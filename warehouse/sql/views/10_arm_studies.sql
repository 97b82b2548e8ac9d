-- Which study each trial arm belongs to: THE linkage rule, kept here and nowhere else.
--
-- A row group is one printed table row with its continuation lines (arms of one document that
-- share line_start). Row groups from any documents are one study when they give
--   1. the same registry id (NCT..., NTR..., ...), or, without one,
--   2. the same disease, cell source, total patient count and dose range (and unit),
--      and the same year where both give one.
-- A row group without a patient count links to nothing. Change the rule by editing study_key.
CREATE OR REPLACE VIEW v_arm_studies AS
WITH row_groups AS (
    SELECT
        doc_id,
        line_start,
        any_value(disease)                     AS disease,
        any_value(cell_source)                 AS cell_source,
        any_value(registry_id)                 AS registry_id,
        sum(n_patients)                        AS group_patients,
        min(dose_min)                          AS dose_low,
        max(coalesce(dose_max, dose_min))      AS dose_high,
        any_value(dose_unit)                   AS dose_unit,
        any_value(year)                        AS year
    FROM trial_arms
    GROUP BY doc_id, line_start
),
keyed AS (
    SELECT
        *,
        CASE
            WHEN registry_id IS NOT NULL THEN 'registry:' || registry_id
            WHEN group_patients IS NULL THEN 'row:' || doc_id || ':' || line_start
            ELSE 'arm:' || concat_ws('|', coalesce(disease, '?'), coalesce(cell_source, '?'), group_patients,
                                     coalesce(dose_low::TEXT, '?'), coalesce(dose_high::TEXT, '?'),
                                     coalesce(dose_unit, '?'))
        END AS study_key
    FROM row_groups
),
-- the year splits a study only where two row groups both state one and they differ
dated AS (
    SELECT
        *,
        CASE WHEN study_key LIKE 'arm:%' AND year IS NOT NULL
                  AND count(DISTINCT year) OVER (PARTITION BY study_key) > 1
             THEN study_key || '|' || year ELSE study_key END AS linked_key
    FROM keyed
)
SELECT
    a.arm_id,
    a.doc_id,
    a.source_file,
    'S' || substr(md5(d.linked_key), 1, 12) AS study_id,
    d.linked_key                             AS study_key,
    d.group_patients,
    a.line_start
FROM trial_arms AS a
JOIN dated AS d USING (doc_id, line_start);
