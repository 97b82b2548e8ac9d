-- The studies behind each row of v_pooled_proportions, with each one's own estimate, its
-- random-effects weight in the pool and where it was read: what a forest plot draws.
CREATE OR REPLACE VIEW v_pooled_studies AS
WITH source AS (
    SELECT measure, intervention, timepoint_months, numerator AS events, denominator AS n,
           source_file, char_start, char_end, evidence_text
    FROM findings
    WHERE numerator IS NOT NULL AND denominator > 0 AND numerator BETWEEN 0 AND denominator
),
studies AS (
    SELECT
        measure, intervention, timepoint_months, events, n,
        string_agg(DISTINCT source_file, ' + ' ORDER BY source_file)                      AS documents,
        string_agg(source_file || ':' || char_start || '-' || char_end, '; ' ORDER BY source_file) AS provenance,
        any_value(evidence_text)                                                           AS evidence_text
    FROM source
    GROUP BY measure, intervention, timepoint_months, events, n
),
effects AS (
    SELECT
        *,
        CASE WHEN events = 0 OR events = n THEN 0.5 ELSE 0.0 END AS cc,
        ln((events + cc) / (n - events + cc))                     AS y,
        1.0 / (events + cc) + 1.0 / (n - events + cc)             AS v
    FROM studies
),
weighted AS (
    SELECT e.*, p.tau2, 1.0 / (e.v + p.tau2) AS w
    FROM effects AS e
    JOIN v_pooled_proportions AS p
      ON p.measure = e.measure
     AND p.intervention IS NOT DISTINCT FROM e.intervention
     AND p.timepoint_months IS NOT DISTINCT FROM e.timepoint_months
)
SELECT
    measure, intervention, timepoint_months, documents, events, n,
    100.0 * events / n                                                    AS pct,
    100 * expit(y - 1.959964 * sqrt(v))                                   AS ci_low_pct,
    100 * expit(y + 1.959964 * sqrt(v))                                   AS ci_high_pct,
    100 * w / sum(w) OVER (PARTITION BY measure, intervention, timepoint_months) AS weight_pct,
    provenance,
    evidence_text
FROM weighted
ORDER BY measure, intervention, timepoint_months, documents;
