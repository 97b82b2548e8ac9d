-- Pooled proportions per pooling key (38_poolable_findings.sql): disease (and disease_name for OTHER),
-- measure with its qualification ("renal relapse" pools only with "renal relapse"; see
-- 37_measure_qualifier.sql), intervention, population and timepoint window (36_timepoint_window.sql). Diseases are never
-- pooled together; a row with k = 1 is that study's own estimate (`estimate_kind` '1 study').
--
-- Method: random effects, DerSimonian–Laird, on the logit scale; 0.5 is added to both cells
-- only for a study with 0 or n events. 95% CI on the normal; 95% prediction interval on t with
-- k−2 df (k ≥ 3). Sensitivity analysis: the same pooling on the Freeman–Tukey double-arcsine
-- scale (metafor's PFT: half the sum of the two arcsines, variance 1/(4n+2)), back-transformed
-- with Miller's formula at the harmonic mean n.
-- Beside them: the common effect (fixed_pct, fixed_ci_*: inverse variance on the same logit
-- scale with the same 0.5 rule, τ² = 0) and random effects with τ² by REML (tau2_reml,
-- reml_pooled_pct, reml_ci_*: metafor's default estimator, Fisher scoring in 06_reml.sql; 95%
-- CI on the normal).
-- The studies and their effects are v_proportion_studies (a cohort several documents report is
-- one study). Percentages without a denominator are counted in k_percent_only, not pooled.

-- Miller's inverse of the Freeman–Tukey transform at sample size nh, clamped to [0, 1].
CREATE OR REPLACE MACRO ipft(x, nh) AS CASE
    WHEN x >= 0.5 * (asin(sqrt(nh / (nh + 1.0))) + asin(1.0)) THEN 1.0
    WHEN x <= 0.5 * asin(sqrt(1.0 / (nh + 1.0))) THEN 0.0
    ELSE 0.5 * (1.0 - sign(cos(2.0 * x))
                * sqrt(greatest(0.0, 1.0 - power(sin(2.0 * x) + (sin(2.0 * x) - 1.0 / sin(2.0 * x)) / nh, 2))))
END;

CREATE OR REPLACE MACRO expit(x) AS 1.0 / (1.0 + exp(-x));

-- erfc(z) for z >= 0, to a relative error below 1.2e-7 (Numerical Recipes' erfcc; DuckDB has no erf).
CREATE OR REPLACE MACRO erfc_nonneg(z) AS (1.0 / (1.0 + 0.5 * z)) * exp(-z * z - 1.26551223 + (1.0 / (1.0 + 0.5 * z)) * (
    1.00002368 + (1.0 / (1.0 + 0.5 * z)) * (0.37409196 + (1.0 / (1.0 + 0.5 * z)) * (0.09678418 + (1.0 / (1.0 + 0.5 * z)) * (
    -0.18628806 + (1.0 / (1.0 + 0.5 * z)) * (0.27886807 + (1.0 / (1.0 + 0.5 * z)) * (-1.13520398 + (1.0 / (1.0 + 0.5 * z)) * (
    1.48851587 + (1.0 / (1.0 + 0.5 * z)) * (-0.82215223 + (1.0 / (1.0 + 0.5 * z)) * 0.17087277)))))))));

-- P(X > q) for X chi-square with df degrees of freedom (Cochran's Q test's p-value), in closed form
-- for whole df: with x = q/2, sum over a = df/2 - 1, df/2 - 2, ... >= 0 of exp(-x) x^a / Γ(a + 1),
-- plus erfc(√x) when df is odd.
CREATE OR REPLACE MACRO chisq_upper(q, df) AS CASE
    WHEN q IS NULL OR df IS NULL OR df < 1 THEN NULL
    WHEN q <= 0 THEN 1.0
    ELSE least(1.0, CASE WHEN df % 2 = 1 THEN erfc_nonneg(sqrt(q / 2.0)) ELSE 0.0 END
        + coalesce(list_sum(list_transform(range(df // 2),
              lambda j: exp(-q / 2.0 + (j + (df % 2) / 2.0) * ln(q / 2.0) - lgamma(j + (df % 2) / 2.0 + 1.0)))), 0.0))
END;

CREATE OR REPLACE VIEW v_pooled_proportions AS
WITH sums AS (
    SELECT
        *,
        count(*) OVER g                      AS k,
        sum(1.0 / v) OVER g                  AS sw,
        sum(y / v) OVER g                    AS swy,
        sum(y * y / v) OVER g                AS swyy,
        sum(1.0 / (v * v)) OVER g            AS sww,
        sum(1.0 / ft_v) OVER g               AS ft_sw,
        sum(ft_y / ft_v) OVER g              AS ft_swy,
        sum(ft_y * ft_y / ft_v) OVER g       AS ft_swyy,
        sum(1.0 / (ft_v * ft_v)) OVER g      AS ft_sww
    FROM v_proportion_studies
    WINDOW g AS (PARTITION BY disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months)
),
heterogeneity AS (
    SELECT
        *,
        greatest(0.0, swyy - swy * swy / sw)                                    AS q,
        CASE WHEN k > 1 THEN greatest(0.0, (q - (k - 1)) / (sw - sww / sw)) ELSE 0.0 END AS tau2,
        greatest(0.0, ft_swyy - ft_swy * ft_swy / ft_sw)                        AS ft_q,
        CASE WHEN k > 1 THEN greatest(0.0, (ft_q - (k - 1)) / (ft_sw - ft_sww / ft_sw)) ELSE 0.0 END AS ft_tau2
    FROM sums
),
pooled AS (
    SELECT
        disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months,
        any_value(k)                                          AS k,
        sum(n)                                                AS n_total,
        sum(events)                                           AS events,
        sum(y / (v + tau2)) / sum(1.0 / (v + tau2))           AS mu,
        sqrt(1.0 / sum(1.0 / (v + tau2)))                     AS se,
        any_value(swy / sw)                                   AS mu_fixed,
        any_value(sqrt(1.0 / sw))                             AS se_fixed,
        any_value(q)                                          AS q,
        any_value(tau2)                                       AS tau2,
        sum(ft_y / (ft_v + ft_tau2)) / sum(1.0 / (ft_v + ft_tau2)) AS ft_mu,
        sqrt(1.0 / sum(1.0 / (ft_v + ft_tau2)))               AS ft_se,
        any_value(ft_tau2)                                    AS ft_tau2,
        count(*) / sum(1.0 / n)                               AS n_harmonic,
        string_agg(study_label || ' (' || events || '/' || n || ')', '; ' ORDER BY study_label, n) AS studies,
        list({'y': y, 'v': v} ORDER BY y, v)                 AS effects
    FROM heterogeneity
    GROUP BY disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months
),
reml AS (  -- τ² by REML, from the DerSimonian–Laird τ²
    SELECT *, reml_tau2(effects, tau2) AS tau2_reml
    FROM pooled
),
percent_only AS (
    SELECT disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months, count(*) AS k_percent_only
    FROM v_poolable_findings
    WHERE unit = '%' AND denominator IS NULL
    GROUP BY disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months
),
final AS (
    SELECT
        coalesce(p.disease, o.disease)                                 AS disease,
        coalesce(p.measure, o.measure)                                 AS measure,
        coalesce(p.disease_name, o.disease_name)                       AS disease_name,
        coalesce(p.measure_qualifier, o.measure_qualifier)             AS measure_qualifier,
        coalesce(p.population, o.population)                           AS population,
        coalesce(p.intervention, o.intervention)                       AS intervention,
        coalesce(p.timepoint_months, o.timepoint_months)               AS timepoint_months,
        coalesce(p.k, 0)                                               AS k,
        CASE coalesce(p.k, 0) WHEN 0 THEN 'not pooled' WHEN 1 THEN '1 study' ELSE 'pooled' END AS estimate_kind,
        p.n_total,
        p.events,
        100 * expit(p.mu)                                              AS pooled_pct,
        100 * expit(p.mu - 1.959964 * p.se)                            AS ci_low_pct,
        100 * expit(p.mu + 1.959964 * p.se)                            AS ci_high_pct,
        CASE WHEN p.k >= 3 THEN 100 * expit(p.mu - t.t975 * sqrt(p.tau2 + p.se * p.se)) END AS pi_low_pct,
        CASE WHEN p.k >= 3 THEN 100 * expit(p.mu + t.t975 * sqrt(p.tau2 + p.se * p.se)) END AS pi_high_pct,
        CASE WHEN p.k > 1 AND p.q > 0 THEN 100 * greatest(0.0, (p.q - (p.k - 1)) / p.q) ELSE 0.0 END AS i2_pct,
        p.tau2,
        p.q,
        p.k - 1                                                        AS q_df,
        CASE WHEN p.k > 1 THEN chisq_upper(p.q, p.k - 1) END           AS q_pval,
        100 * expit(p.mu_fixed)                                        AS fixed_pct,
        100 * expit(p.mu_fixed - 1.959964 * p.se_fixed)                AS fixed_ci_low_pct,
        100 * expit(p.mu_fixed + 1.959964 * p.se_fixed)                AS fixed_ci_high_pct,
        p.tau2_reml,
        100 * expit(re_mean(p.effects, p.tau2_reml))                   AS reml_pooled_pct,
        100 * expit(re_mean(p.effects, p.tau2_reml) - 1.959964 * re_se(p.effects, p.tau2_reml)) AS reml_ci_low_pct,
        100 * expit(re_mean(p.effects, p.tau2_reml) + 1.959964 * re_se(p.effects, p.tau2_reml)) AS reml_ci_high_pct,
        100 * ipft(p.ft_mu, p.n_harmonic)                              AS ft_pooled_pct,
        100 * ipft(p.ft_mu - 1.959964 * p.ft_se, p.n_harmonic)         AS ft_ci_low_pct,
        100 * ipft(p.ft_mu + 1.959964 * p.ft_se, p.n_harmonic)         AS ft_ci_high_pct,
        p.ft_tau2,
        coalesce(o.k_percent_only, 0)                                  AS k_percent_only,
        p.studies
    FROM reml AS p
    FULL JOIN percent_only AS o
        ON p.measure = o.measure
       AND p.disease IS NOT DISTINCT FROM o.disease
       AND p.disease_name IS NOT DISTINCT FROM o.disease_name
       AND p.measure_qualifier IS NOT DISTINCT FROM o.measure_qualifier
       AND p.population IS NOT DISTINCT FROM o.population
       AND p.intervention IS NOT DISTINCT FROM o.intervention
       AND p.timepoint_months IS NOT DISTINCT FROM o.timepoint_months
    LEFT JOIN t_quantiles AS t ON t.df = least(p.k - 2, 100)
)
SELECT * FROM final
ORDER BY disease NULLS LAST, disease_name NULLS FIRST, measure, measure_qualifier NULLS FIRST, population NULLS FIRST,
         intervention NULLS LAST, timepoint_months NULLS FIRST;
