-- What `evidence export --format meta FILE` writes: one row per study of each pool of
-- v_pooled_proportions (the studies v_pooled_studies lists, nothing more), with the columns R's
-- meta::metaprop(event, n, studlab) and metafor::escalc(measure = "PLO", xi = event, ni = n) take,
-- the pool's keys (its timepoint the window, 36_timepoint_window.sql; `timepoint_text` the times as the
-- study's documents wrote them), and the sentence each number was read from. `pool` names the pool in one
-- string, so one line re-runs it in R:
--   meta::metaprop(event, n, studlab, data = subset(d, pool == "SLE, complete_remission, MSCT, 12 months"),
--                  sm = "PLOGIT", method = "Inverse", method.tau = "DL")
-- Two studies of one pool with one label are told apart as the report's plots tell them apart
-- ("Wang 2014a", "Wang 2014b"; "review.txt (2)" after a label not ending in a year).
CREATE OR REPLACE VIEW v_export_meta AS
WITH source AS (
    SELECT
        *,
        coalesce(study_label, documents) AS label,
        coalesce(window_label(timepoint_months), 'timepoint not stated') AS timepoint
    FROM v_pooled_studies
),
labelled AS (
    SELECT
        *,
        count(*) OVER same_label                                 AS label_count,
        row_number() OVER (same_label ORDER BY documents, n, events) AS label_number,
        count(*) OVER pool                                       AS k
    FROM source
    WINDOW same_label AS (PARTITION BY disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months, label),
           pool AS (PARTITION BY disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months)
),
final AS (
    SELECT
        CASE WHEN label_count = 1 THEN label
             WHEN regexp_matches(label, '(19|20)\d\d$') THEN label || chr(96 + ((label_number - 1) % 26 + 1)::INTEGER)
             ELSE label || ' (' || label_number || ')' END                   AS studlab,
        events                                                               AS event,
        n,
        disease,
        disease_name,
        measure,
        measure_qualifier,
        intervention,
        population,
        timepoint,
        timepoint_months,
        timepoint_text,
        concat_ws(', ', coalesce(disease_name, disease),
                  measure || coalesce(' (' || measure_qualifier || ')', ''),
                  coalesce(intervention, 'intervention not stated'),
                  'among ' || population, timepoint) AS pool,
        k,
        documents                                                            AS source_file,
        provenance,
        evidence_text
    FROM labelled
)
SELECT * FROM final
ORDER BY k DESC, disease NULLS LAST, disease_name NULLS FIRST, measure, measure_qualifier NULLS FIRST,
         population NULLS FIRST, intervention NULLS LAST,
         timepoint_months NULLS FIRST, studlab;
