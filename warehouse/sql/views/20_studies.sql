-- One row per distinct study, with the arms and documents that report it.
-- A study's patients: the largest patient total any one report of it gives (reports of one
-- cohort overlap, so they are not added up).
CREATE OR REPLACE VIEW v_studies AS
WITH arms AS (
    SELECT s.study_id, s.study_key, s.group_patients, s.doc_id, s.line_start, a.*
    EXCLUDE (doc_id, line_start)
    FROM v_arm_studies AS s
    JOIN trial_arms AS a USING (arm_id)
),
reports AS (
    SELECT study_id, doc_id, line_start, any_value(group_patients) AS group_patients
    FROM arms
    GROUP BY study_id, doc_id, line_start
)
SELECT
    study_id,
    any_value(study_key)                                               AS linked_by,
    mode(disease)                                                      AS disease,
    mode(cell_source)                                                  AS cell_source,
    string_agg(DISTINCT registry_id, ', ' ORDER BY registry_id)        AS registry_ids,
    (SELECT max(r.group_patients) FROM reports AS r WHERE r.study_id = arms.study_id) AS n_patients,
    min(dose_min)                                                      AS dose_low,
    max(coalesce(dose_max, dose_min))                                  AS dose_high,
    string_agg(DISTINCT dose_unit, ', ' ORDER BY dose_unit)            AS dose_units,
    count(DISTINCT doc_id)                                             AS k_documents,
    string_agg(DISTINCT source_file, ', ' ORDER BY source_file)        AS documents,
    count(*)                                                           AS k_arms,
    string_agg(arm_id, ', ' ORDER BY source_file, row_no)              AS arm_ids,
    string_agg(DISTINCT source_file || ':' || line_start, ', ')        AS provenance
FROM arms
GROUP BY study_id;
