-- One row per distinct study, with the arms and documents that report it.
-- A study's patients: the largest patient total any one report of it gives (reports of one
-- cohort overlap, so they are not added up).
--
-- Its `study_label`, as people cite it, from the best of its reports (a report is one table row
-- group of one document):
--   1. the row's own citation, where the row starts with one: "Liang et al. 2010" -> 'Liang 2010';
--   2. the document's label, where the row cites nothing: the document is the study's own report;
--   3. the document's label and the reference the row cites: 'Sun 2022 ref. 45' (a review's table).
-- Ties go to the first document by file name.
CREATE OR REPLACE VIEW v_studies AS
WITH arms AS (
    SELECT s.study_id, s.study_key, s.group_patients, s.doc_id, s.line_start, a.*
    EXCLUDE (doc_id, line_start)
    FROM v_arm_studies AS s
    JOIN trial_arms AS a USING (arm_id)
),
reports AS (
    SELECT study_id, doc_id, line_start, any_value(group_patients) AS group_patients,
           any_value(source_file) AS source_file, any_value(reference) AS reference
    FROM arms
    GROUP BY study_id, doc_id, line_start
),
document_lines AS (  -- each document's text split once, for the lines a report starts on
    SELECT doc_id, coalesce(study_label, source_file) AS document_label,
           unnest(string_split(raw_text, chr(10))) AS line, generate_subscripts(string_split(raw_text, chr(10)), 1) AS line_no
    FROM documents
    WHERE doc_id IN (SELECT doc_id FROM reports)
),
cited AS (
    SELECT
        r.*,
        l.document_label,
        regexp_extract(l.line, '^\s*(\p{Lu}[\p{L}''’-]+)\s+et\s+al\.?,?\s*\(?((?:19|20)\d{2})\b', ['surname', 'year']) AS own
    FROM reports AS r
    LEFT JOIN document_lines AS l ON l.doc_id = r.doc_id AND l.line_no = r.line_start
),
labelled AS (
    SELECT
        study_id,
        arg_min(
            CASE WHEN own.surname <> '' THEN own.surname || ' ' || own.year
                 ELSE coalesce(document_label, source_file) || coalesce(' ref. ' || reference, '') END,
            [CASE WHEN own.surname <> '' THEN 1 WHEN reference IS NULL THEN 2 ELSE 3 END::VARCHAR, source_file]
        ) AS study_label
    FROM cited
    GROUP BY study_id
)
SELECT
    study_id,
    any_value(l.study_label)                                           AS study_label,
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
JOIN labelled AS l USING (study_id)
GROUP BY study_id;
