-- The studies behind each row of v_pooled_proportions, with each one's own estimate, its
-- random-effects weight in the pool and where it was read: what a forest plot draws.
CREATE OR REPLACE VIEW v_pooled_studies AS
WITH weighted AS (
    SELECT e.*, p.tau2, 1.0 / (e.v + p.tau2) AS w
    FROM v_proportion_studies AS e
    JOIN v_pooled_proportions AS p
      ON p.measure = e.measure
     AND p.disease IS NOT DISTINCT FROM e.disease
     AND p.measure_qualifier IS NOT DISTINCT FROM e.measure_qualifier
     AND p.intervention IS NOT DISTINCT FROM e.intervention
     AND p.timepoint_months IS NOT DISTINCT FROM e.timepoint_months
)
SELECT
    disease, measure, measure_qualifier, intervention, timepoint_months, documents, events, n,
    100.0 * events / n                                                    AS pct,
    100 * expit(y - 1.959964 * sqrt(v))                                   AS ci_low_pct,
    100 * expit(y + 1.959964 * sqrt(v))                                   AS ci_high_pct,
    100 * w / sum(w) OVER (PARTITION BY disease, measure, measure_qualifier, intervention, timepoint_months) AS weight_pct,
    provenance,
    evidence_text
FROM weighted
ORDER BY disease NULLS LAST, measure, measure_qualifier NULLS FIRST, intervention, timepoint_months, documents;
