-- The studies behind each row of v_pooled_proportions, with each one's own estimate, its
-- random-effects weight in the pool and where it was read: what a forest plot draws.
-- Each study's 95% CI three ways: Clopper–Pearson (ci_low_pct, ci_high_pct: the "exact" interval
-- R's meta prints by default, method.ci = "CP"; 05_clopper_pearson.sql), the Wilson score
-- interval (wilson_low_pct, wilson_high_pct: meta's method.ci = "WS"), both of which always hold
-- the stated proportion, and on the logit scale the pool uses (logit_ci_low_pct, logit_ci_high_pct: with
-- 0.5 added for 0 or n events it can leave out the study's own 0% or 100%).
-- The lower (side = -1) or upper (side = 1) end of the 95% Wilson score interval of events / n.
CREATE OR REPLACE MACRO wilson_bound(events, n, side) AS least(1.0, greatest(0.0,
    (events / n + 1.959964 ^ 2 / (2.0 * n)
     + side * 1.959964 * sqrt(events / n * (1 - events / n) / n + 1.959964 ^ 2 / (4.0 * n * n)))
    / (1 + 1.959964 ^ 2 / n)));

CREATE OR REPLACE VIEW v_pooled_studies AS
WITH weighted AS (
    SELECT e.*, p.tau2, 1.0 / (e.v + p.tau2) AS w
    FROM v_proportion_studies AS e
    JOIN v_pooled_proportions AS p
      ON p.measure = e.measure
     AND p.disease IS NOT DISTINCT FROM e.disease
     AND p.disease_name IS NOT DISTINCT FROM e.disease_name
     AND p.measure_qualifier IS NOT DISTINCT FROM e.measure_qualifier
     AND p.population IS NOT DISTINCT FROM e.population
     AND p.intervention IS NOT DISTINCT FROM e.intervention
     AND p.timepoint_months IS NOT DISTINCT FROM e.timepoint_months
)
SELECT
    disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months, timepoint_text,
    study_label, documents, events, n,
    100.0 * events / n                                                    AS pct,
    100 * clopper_pearson_bound(events, n, -1)                            AS ci_low_pct,
    100 * clopper_pearson_bound(events, n, 1)                             AS ci_high_pct,
    100 * wilson_bound(events, n, -1)                                     AS wilson_low_pct,
    100 * wilson_bound(events, n, 1)                                      AS wilson_high_pct,
    100 * expit(y - 1.959964 * sqrt(v))                                   AS logit_ci_low_pct,
    100 * expit(y + 1.959964 * sqrt(v))                                   AS logit_ci_high_pct,
    100 * w / sum(w) OVER (PARTITION BY disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months) AS weight_pct,
    provenance,
    evidence_text
FROM weighted
ORDER BY disease NULLS LAST, disease_name NULLS FIRST, measure, measure_qualifier NULLS FIRST, population NULLS FIRST,
         intervention, timepoint_months, study_label, documents;
