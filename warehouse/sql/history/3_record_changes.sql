-- One pooled_history row (kind 'mean_change') per pooled mean change the run changed: a pool of
-- v_pooled_changes that appeared, went, took or lost a study, or whose mean change moved (by more
-- than 1e-9 of its unit), with the files it gained and lost, and the files the run re-read that
-- it kept. The same rule as 2_record.sql, with the unit in the pool's key. $run_id and
-- $changed_at are the run's; $reloaded the source files the run loaded.
INSERT INTO pooled_history BY NAME
WITH compared AS (
    SELECT
        coalesce(a.disease, b.disease)                       AS disease,
        coalesce(a.measure, b.measure)                       AS measure,
        coalesce(a.measure_qualifier, b.measure_qualifier)   AS measure_qualifier,
        coalesce(a.intervention, b.intervention)             AS intervention,
        coalesce(a.unit, b.unit)                             AS unit,
        coalesce(a.timepoint_months, b.timepoint_months)     AS timepoint_months,
        coalesce(b.k, 0)                                     AS k_before,
        coalesce(a.k, 0)                                     AS k_after,
        b.mean_change                                        AS mean_change_before,
        a.mean_change                                        AS mean_change_after,
        list_filter(coalesce(a.files, []), lambda f: NOT list_contains(coalesce(b.files, []), f)) AS added,
        list_filter(coalesce(b.files, []), lambda f: NOT list_contains(coalesce(a.files, []), f)) AS removed,
        list_filter(list_intersect(coalesce(a.files, []), coalesce(b.files, [])),
                    lambda f: list_contains($reloaded, f))   AS reloaded
    FROM v_change_pool_documents AS a
    FULL JOIN change_pools_before AS b
      ON a.measure = b.measure
     AND a.disease IS NOT DISTINCT FROM b.disease
     AND a.measure_qualifier IS NOT DISTINCT FROM b.measure_qualifier
     AND a.intervention IS NOT DISTINCT FROM b.intervention
     AND a.unit IS NOT DISTINCT FROM b.unit
     AND a.timepoint_months IS NOT DISTINCT FROM b.timepoint_months
)
SELECT
    $run_id                                       AS run_id,
    'mean_change'                                 AS kind,
    disease, measure, measure_qualifier, intervention, unit, timepoint_months,
    k_before, k_after, mean_change_before, mean_change_after,
    nullif(array_to_string(list_sort(added), ', '), '')    AS documents_added,
    nullif(array_to_string(list_sort(removed), ', '), '')  AS documents_removed,
    nullif(array_to_string(list_sort(reloaded), ', '), '') AS documents_changed,
    $changed_at::TIMESTAMP                        AS changed_at
FROM compared
WHERE k_before <> k_after
   OR len(added) > 0 OR len(removed) > 0
   OR mean_change_before IS NULL OR mean_change_after IS NULL
   OR abs(mean_change_before - mean_change_after) > 1e-9;
