-- One pooled_history row per pool the run changed, of either kind (v_history_pools): a pool that
-- appeared, went, took or lost a study, or whose estimate moved (by more than 1e-9 of a percentage
-- point, or of a mean change's unit), with the files it gained and lost, and the files the run
-- re-read that it kept. A pooled proportion's estimate goes to pooled_pct_before/after, a pooled
-- mean change's, with its unit in the pool's key, to mean_change_before/after. $run_id and
-- $changed_at are the run's; $reloaded the source files the run loaded.
INSERT INTO pooled_history BY NAME
WITH compared AS (
    SELECT
        coalesce(a.kind, b.kind)                             AS kind,
        coalesce(a.disease, b.disease)                       AS disease,
        coalesce(a.measure, b.measure)                       AS measure,
        coalesce(a.disease_name, b.disease_name)             AS disease_name,
        coalesce(a.measure_qualifier, b.measure_qualifier)   AS measure_qualifier,
        coalesce(a.population, b.population)                 AS population,
        coalesce(a.intervention, b.intervention)             AS intervention,
        coalesce(a.unit, b.unit)                             AS unit,
        coalesce(a.timepoint_months, b.timepoint_months)     AS timepoint_months,
        coalesce(b.k, 0)                                     AS k_before,
        coalesce(a.k, 0)                                     AS k_after,
        b.estimate                                           AS before,
        a.estimate                                           AS after,
        list_filter(coalesce(a.files, []), lambda f: NOT list_contains(coalesce(b.files, []), f)) AS added,
        list_filter(coalesce(b.files, []), lambda f: NOT list_contains(coalesce(a.files, []), f)) AS removed,
        list_filter(list_intersect(coalesce(a.files, []), coalesce(b.files, [])),
                    lambda f: list_contains($reloaded, f))   AS reloaded
    FROM v_history_pools AS a
    FULL JOIN pools_before AS b
      ON a.kind = b.kind
     AND a.measure = b.measure
     AND a.disease IS NOT DISTINCT FROM b.disease
     AND a.disease_name IS NOT DISTINCT FROM b.disease_name
     AND a.measure_qualifier IS NOT DISTINCT FROM b.measure_qualifier
     AND a.population IS NOT DISTINCT FROM b.population
     AND a.intervention IS NOT DISTINCT FROM b.intervention
     AND a.unit IS NOT DISTINCT FROM b.unit
     AND a.timepoint_months IS NOT DISTINCT FROM b.timepoint_months
)
SELECT
    $run_id                                       AS run_id,
    kind, disease, disease_name, measure, measure_qualifier, intervention, population, unit, timepoint_months,
    k_before, k_after,
    CASE WHEN kind = 'proportion' THEN before END  AS pooled_pct_before,
    CASE WHEN kind = 'proportion' THEN after END   AS pooled_pct_after,
    CASE WHEN kind = 'mean_change' THEN before END AS mean_change_before,
    CASE WHEN kind = 'mean_change' THEN after END  AS mean_change_after,
    nullif(array_to_string(list_sort(added), ', '), '')    AS documents_added,
    nullif(array_to_string(list_sort(removed), ', '), '')  AS documents_removed,
    nullif(array_to_string(list_sort(reloaded), ', '), '') AS documents_changed,
    $changed_at::TIMESTAMP                        AS changed_at
FROM compared
WHERE k_before <> k_after
   OR len(added) > 0 OR len(removed) > 0
   OR before IS NULL OR after IS NULL
   OR abs(before - after) > 1e-9;
