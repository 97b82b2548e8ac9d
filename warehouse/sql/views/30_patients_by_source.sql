-- Patients by disease and cell source, each study counted once (see v_arm_studies for the rule).
CREATE OR REPLACE VIEW v_patients_by_source AS
WITH studies AS (
    SELECT study_id, disease, cell_source, n_patients, k_documents, documents
    FROM v_studies
)
SELECT
    disease,
    cell_source,
    count(*)                                          AS k_studies,
    sum(n_patients)                                   AS n_patients,
    count(*) FILTER (WHERE n_patients IS NULL)        AS k_studies_without_count,
    string_agg(DISTINCT documents, ', ')              AS documents
FROM studies
GROUP BY disease, cell_source
ORDER BY disease, cell_source;
