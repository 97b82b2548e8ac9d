-- Patients by disease and cell source, each study counted once (see v_arm_studies for the rule).
CREATE OR REPLACE VIEW v_patients_by_source AS
WITH studies AS (
    SELECT study_id, disease, cell_source, n_patients
    FROM v_studies
),
documents AS (
    SELECT study_id, source_file
    FROM v_arm_studies
    GROUP BY study_id, source_file
)
SELECT
    s.disease,
    s.cell_source,
    count(DISTINCT s.study_id)                                         AS k_studies,
    sum(s.n_patients) FILTER (WHERE d.first_document)                  AS n_patients,
    count(DISTINCT s.study_id) FILTER (WHERE s.n_patients IS NULL)     AS k_studies_without_count,
    string_agg(DISTINCT d.source_file, ', ' ORDER BY d.source_file)    AS documents
FROM studies AS s
JOIN (SELECT *, row_number() OVER (PARTITION BY study_id ORDER BY source_file) = 1 AS first_document
      FROM documents) AS d USING (study_id)
GROUP BY s.disease, s.cell_source
ORDER BY s.disease, s.cell_source;
