-- Each pooled mean change (k > 0) with its estimate and the files its studies were read from: what
-- a run compares before and after its changes to write pooled_history's mean-change rows (as
-- v_pool_documents is for the pooled proportions).
CREATE OR REPLACE VIEW v_change_pool_documents AS
SELECT disease, disease_name, measure, measure_qualifier, intervention, population, unit, timepoint_months, k, mean_change,
       string_split(documents, ' + ') AS files
FROM v_pooled_changes
WHERE k > 0;
