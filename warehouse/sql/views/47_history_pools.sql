-- Every pool a run's history compares, of either kind, in one shape: the pooled proportions
-- (v_pool_documents, no unit, the pooled percentage as the estimate) and the pooled mean changes
-- (v_change_pool_documents, with their unit, the mean change as the estimate), each with k and the
-- files its studies were read from.
CREATE OR REPLACE VIEW v_history_pools AS
SELECT 'proportion' AS kind, disease, disease_name, measure, measure_qualifier, intervention, population, NULL::VARCHAR AS unit,
       timepoint_months, k, pooled_pct AS estimate, files
FROM v_pool_documents
UNION ALL
SELECT 'mean_change' AS kind, disease, disease_name, measure, measure_qualifier, intervention, population, unit,
       timepoint_months, k, mean_change AS estimate, files
FROM v_change_pool_documents;
