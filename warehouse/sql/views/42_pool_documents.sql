-- Each pooled proportion (k > 0) with its estimate and the files its studies were read from: what
-- a run compares before and after its changes to write pooled_history.
CREATE OR REPLACE VIEW v_pool_documents AS
WITH files AS (
    SELECT disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months,
           list(DISTINCT file ORDER BY file) AS files
    FROM (SELECT *, unnest(string_split(documents, ' + ')) AS file FROM v_pooled_studies)
    GROUP BY ALL
)
SELECT p.disease, p.disease_name, p.measure, p.measure_qualifier, p.intervention, p.population, p.timepoint_months, p.k, p.pooled_pct, f.files
FROM v_pooled_proportions AS p
JOIN files AS f
  ON f.measure = p.measure
 AND f.disease IS NOT DISTINCT FROM p.disease
 AND f.disease_name IS NOT DISTINCT FROM p.disease_name
 AND f.measure_qualifier IS NOT DISTINCT FROM p.measure_qualifier
 AND f.population IS NOT DISTINCT FROM p.population
 AND f.intervention IS NOT DISTINCT FROM p.intervention
 AND f.timepoint_months IS NOT DISTINCT FROM p.timepoint_months
WHERE p.k > 0;
