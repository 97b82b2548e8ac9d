-- Pooled mean change from baseline, per pooling key (38_poolable_findings.sql: disease and
-- disease_name, measure with its qualification, intervention, population, timepoint window) and unit.
--
-- A study is one document's change of a measure, intervention and unit, from either
--   1. a stated change (`value_kind` 'change': "fell by 9.4 ± 4.8"), its ± the SD of the change; or
--   2. its mean ± SD at baseline (timepoint 0) and at a later timepoint (levels). The change is
--      post − pre, with SD(change) = sqrt(sd_pre² + sd_post² − 2·r·sd_pre·sd_post), where r, the
--      pre/post correlation, is assumed 0.5 (no document here states one).
-- A document that states the change gives that study once: its levels are not paired again.
-- Variance SD(change)² / n with n the smaller stated sample size. Random effects,
-- DerSimonian–Laird, on the raw mean difference; 95% CI on the normal.
-- A study without a stated n cannot be weighted: it is counted in k_without_n, not pooled.
CREATE OR REPLACE VIEW v_pooled_changes AS
WITH source AS (
    SELECT doc_id, source_file, study_label, disease, disease_name, measure, measure_qualifier, intervention, population,
           unit, timepoint_months, value, sd, n, coalesce(value_kind, 'level') AS value_kind
    FROM v_poolable_findings
    WHERE sd IS NOT NULL AND value IS NOT NULL AND timepoint_months IS NOT NULL AND coalesce(unit, '') <> '%'
),
stated AS (
    SELECT
        disease, disease_name, measure, measure_qualifier, intervention, population, unit, timepoint_months,
        NULL::DOUBLE AS pre_mean, NULL::DOUBLE AS pre_sd, NULL::DOUBLE AS post_mean, NULL::DOUBLE AS post_sd,
        value AS change, sd AS change_sd, n, NULL::DOUBLE AS correlation, doc_id, source_file, study_label
    FROM source
    WHERE value_kind = 'change' AND timepoint_months > 0
),
pairs AS (
    SELECT
        post.disease, post.disease_name, post.measure, post.measure_qualifier, post.intervention, post.population,
        post.unit, post.timepoint_months,
        pre.value  AS pre_mean,  pre.sd  AS pre_sd,
        post.value AS post_mean, post.sd AS post_sd,
        post.value - pre.value AS change,
        sqrt(greatest(0.0, pre.sd * pre.sd + post.sd * post.sd - 2 * 0.5 * pre.sd * post.sd)) AS change_sd,
        coalesce(least(pre.n, post.n), pre.n, post.n) AS n,
        0.5 AS correlation,
        post.doc_id,
        post.source_file,
        post.study_label
    FROM source AS post
    JOIN source AS pre
      ON pre.doc_id = post.doc_id
     AND pre.measure = post.measure
     AND pre.disease IS NOT DISTINCT FROM post.disease
     AND pre.disease_name IS NOT DISTINCT FROM post.disease_name
     AND pre.measure_qualifier IS NOT DISTINCT FROM post.measure_qualifier
     AND pre.population IS NOT DISTINCT FROM post.population
     AND pre.unit IS NOT DISTINCT FROM post.unit
     AND pre.intervention IS NOT DISTINCT FROM post.intervention
     AND pre.timepoint_months = 0
     AND pre.value_kind = 'level'
    WHERE post.timepoint_months > 0 AND post.value_kind = 'level'
      AND NOT EXISTS (SELECT 1 FROM stated AS s
                      WHERE s.doc_id = post.doc_id AND s.measure = post.measure
                        AND s.disease IS NOT DISTINCT FROM post.disease
                        AND s.disease_name IS NOT DISTINCT FROM post.disease_name
                        AND s.measure_qualifier IS NOT DISTINCT FROM post.measure_qualifier
                        AND s.population IS NOT DISTINCT FROM post.population
                        AND s.unit IS NOT DISTINCT FROM post.unit
                        AND s.intervention IS NOT DISTINCT FROM post.intervention
                        AND s.timepoint_months = post.timepoint_months)
),
studies AS (  -- one cohort reported by several documents is one study
    SELECT
        disease, disease_name, measure, measure_qualifier, intervention, population, unit, timepoint_months,
        pre_mean, pre_sd, post_mean, post_sd, change, change_sd, n,
        any_value(correlation) AS correlation,
        string_agg(DISTINCT source_file, ' + ' ORDER BY source_file) AS documents,
        string_agg(DISTINCT study_label, ' + ' ORDER BY study_label) AS study_label
    FROM (SELECT * EXCLUDE (doc_id) FROM pairs UNION ALL SELECT * EXCLUDE (doc_id) FROM stated)
    GROUP BY ALL
),
effects AS (
    SELECT
        *,
        change AS y,
        change_sd * change_sd / n AS v
    FROM studies
    WHERE n IS NOT NULL AND n > 0
),
sums AS (
    SELECT
        *,
        count(*) OVER g           AS k,
        sum(1.0 / v) OVER g       AS sw,
        sum(y / v) OVER g         AS swy,
        sum(y * y / v) OVER g     AS swyy,
        sum(1.0 / (v * v)) OVER g AS sww
    FROM effects
    WHERE v > 0
    WINDOW g AS (PARTITION BY disease, disease_name, measure, measure_qualifier, intervention, population, unit, timepoint_months)
),
heterogeneity AS (
    SELECT
        *,
        greatest(0.0, swyy - swy * swy / sw) AS q,
        CASE WHEN k > 1 THEN greatest(0.0, (q - (k - 1)) / (sw - sww / sw)) ELSE 0.0 END AS tau2
    FROM sums
),
pooled AS (
    SELECT
        disease, disease_name, measure, measure_qualifier, intervention, population, unit, timepoint_months,
        any_value(k)                                   AS k,
        sum(n)                                         AS n_total,
        sum(y / (v + tau2)) / sum(1.0 / (v + tau2))    AS mean_change,
        sqrt(1.0 / sum(1.0 / (v + tau2)))              AS se,
        any_value(q)                                   AS q,
        any_value(tau2)                                AS tau2,
        any_value(correlation)                         AS correlation,
        string_agg(study_label || ' (' || coalesce(pre_mean || ' → ' || post_mean, 'change ' || change) || ', n=' || n || ')', '; ')
                                                       AS studies,
        array_to_string(list_sort(list_distinct(flatten(list(string_split(documents, ' + '))))), ' + ') AS documents
    FROM heterogeneity
    GROUP BY disease, disease_name, measure, measure_qualifier, intervention, population, unit, timepoint_months
),
unweighted AS (
    SELECT disease, disease_name, measure, measure_qualifier, intervention, population, unit, timepoint_months, count(*) AS k_without_n
    FROM studies
    WHERE n IS NULL
    GROUP BY ALL
)
SELECT
    coalesce(p.disease, u.disease)                   AS disease,
    coalesce(p.disease_name, u.disease_name)         AS disease_name,
    coalesce(p.measure, u.measure)                   AS measure,
    coalesce(p.measure_qualifier, u.measure_qualifier) AS measure_qualifier,
    coalesce(p.population, u.population)             AS population,
    coalesce(p.intervention, u.intervention)         AS intervention,
    coalesce(p.unit, u.unit)                         AS unit,
    coalesce(p.timepoint_months, u.timepoint_months) AS timepoint_months,
    coalesce(p.k, 0)                                 AS k,
    CASE coalesce(p.k, 0) WHEN 0 THEN 'not pooled' WHEN 1 THEN '1 study' ELSE 'pooled' END AS estimate_kind,
    p.n_total,
    p.mean_change,
    p.mean_change - 1.959964 * p.se                  AS ci_low,
    p.mean_change + 1.959964 * p.se                  AS ci_high,
    CASE WHEN p.k > 1 AND p.q > 0 THEN 100 * greatest(0.0, (p.q - (p.k - 1)) / p.q) ELSE 0.0 END AS i2_pct,
    p.tau2,
    coalesce(p.correlation, 0.5)                     AS correlation,
    CASE WHEN p.correlation IS NULL AND p.k > 0 THEN 'not used: stated changes' ELSE 'assumed' END AS correlation_source,
    coalesce(u.k_without_n, 0)                       AS k_without_n,
    p.studies,
    p.documents                                      -- the files of the pooled studies, ' + '-separated
FROM pooled AS p
FULL JOIN unweighted AS u
  ON p.measure = u.measure
 AND p.disease IS NOT DISTINCT FROM u.disease
 AND p.disease_name IS NOT DISTINCT FROM u.disease_name
 AND p.measure_qualifier IS NOT DISTINCT FROM u.measure_qualifier
 AND p.population IS NOT DISTINCT FROM u.population
 AND p.intervention IS NOT DISTINCT FROM u.intervention
 AND p.unit IS NOT DISTINCT FROM u.unit
 AND p.timepoint_months IS NOT DISTINCT FROM u.timepoint_months
ORDER BY disease NULLS LAST, disease_name NULLS FIRST, measure, measure_qualifier NULLS FIRST, population NULLS FIRST, unit,
         timepoint_months;
