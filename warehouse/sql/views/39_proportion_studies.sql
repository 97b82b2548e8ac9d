-- The studies pooled by v_pooled_proportions, one row each: findings with a numerator and a
-- denominator, where a cohort that several documents report (same disease, measure and its
-- qualification, population, intervention, timepoint window, events and n) is one study; `timepoint_text`
-- the times as its documents wrote them. With each study's effect on the logit scale (0.5 added
-- to both cells only for 0 or n events) and on metafor's Freeman–Tukey scale (half the sum of the
-- two arcsines, variance 1/(4n+2)).
CREATE OR REPLACE VIEW v_proportion_studies AS
WITH source AS (
    SELECT disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months, numerator AS events,
           denominator AS n, timepoint_text, source_file, study_label, char_start, char_end, evidence_text
    FROM v_poolable_findings
    WHERE numerator IS NOT NULL AND denominator > 0 AND numerator BETWEEN 0 AND denominator AND coalesce(value_kind, 'level') <> 'change'
),
studies AS (
    SELECT
        disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months, events, n,
        string_agg(DISTINCT source_file, ' + ' ORDER BY source_file)                              AS documents,
        string_agg(DISTINCT study_label, ' + ' ORDER BY study_label)                              AS study_label,
        string_agg(source_file || ':' || char_start || '-' || char_end, '; ' ORDER BY source_file) AS provenance,
        any_value(evidence_text)                                                                   AS evidence_text,
        string_agg(DISTINCT timepoint_text, '; ' ORDER BY timepoint_text)                         AS timepoint_text
    FROM source
    GROUP BY disease, disease_name, measure, measure_qualifier, intervention, population, timepoint_months, events, n
)
SELECT
    *,
    CASE WHEN events = 0 OR events = n THEN 0.5 ELSE 0.0 END                          AS cc,
    ln((events + cc) / (n - events + cc))                                              AS y,
    1.0 / (events + cc) + 1.0 / (n - events + cc)                                      AS v,
    0.5 * (asin(sqrt(events / (n + 1.0))) + asin(sqrt((events + 1.0) / (n + 1.0)))) AS ft_y,
    1.0 / (4.0 * n + 2.0)                                                              AS ft_v
FROM studies;
