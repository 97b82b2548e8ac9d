-- Numbers that contradict each other, one row per contradiction, with where it was read. Nothing
-- is corrected: the numbers stay as stated, and this view says which ones disagree.
--   percent_vs_counts           a stated percentage that its own n/N does not give, even allowing
--                               for rounding or truncation to the decimals stated ("28% (23/83)" is
--                               fine; "38% (23/83)" is not)
--   numerator_over_denominator  more events than patients ("23/20")
--   arms_over_total             the named arms of a document hold more patients than the total it
--                               states as enrolled (arm sizes: each arm's largest denominator or count)
--   cohort_disagrees            one study (same registry id, see v_arm_studies) whose documents give
--                               different patient totals
-- char_start and char_end locate the sentence in documents.raw_text; a table row has none (its
-- lines are in `detail`).
CREATE OR REPLACE VIEW v_checks AS
WITH stated_percentages AS (
    SELECT
        *,
        100.0 * numerator / denominator AS counted_pct,
        CASE WHEN abs(value - round(value)) < 1e-9 THEN 0
             WHEN abs(value * 10 - round(value * 10)) < 1e-9 THEN 1
             ELSE 2 END AS decimals
    FROM findings
    WHERE unit = '%' AND value IS NOT NULL AND numerator IS NOT NULL AND denominator > 0
),
percent_vs_counts AS (
    SELECT
        source_file, 'percent_vs_counts' AS "check",
        'stated ' || value || '% but ' || numerator || '/' || denominator || ' is '
            || round(counted_pct, 1) || '% (' || measure || ')' AS detail,
        char_start, char_end
    FROM stated_percentages
    WHERE abs(round(counted_pct, decimals) - value) > 1e-9
      AND abs(trunc(counted_pct * power(10, decimals)) / power(10, decimals) - value) > 1e-9
),
numerator_over_denominator AS (
    SELECT
        source_file, 'numerator_over_denominator' AS "check",
        numerator || '/' || denominator || ': more ' || measure || ' events than patients' AS detail,
        char_start, char_end
    FROM findings
    WHERE numerator > denominator
),
stated_totals AS (  -- the largest enrolment a document states for the whole study (no arm named)
    SELECT doc_id, arg_max(value, value) AS total, arg_max(char_start, value) AS char_start,
           arg_max(char_end, value) AS char_end
    FROM findings
    WHERE measure = 'enrolled' AND arm IS NULL AND value IS NOT NULL
    GROUP BY doc_id
),
arm_sizes AS (
    SELECT doc_id, any_value(source_file) AS source_file, arm,
           max(coalesce(denominator, CASE WHEN measure = 'enrolled' THEN value END, n)) AS arm_patients
    FROM findings
    WHERE arm IS NOT NULL
    GROUP BY doc_id, arm
),
arms_over_total AS (
    SELECT
        a.source_file, 'arms_over_total' AS "check",
        string_agg(a.arm || ' ' || a.arm_patients::BIGINT, ' + ' ORDER BY a.arm) || ' = '
            || sum(a.arm_patients)::BIGINT || ' patients, but ' || any_value(t.total)::BIGINT || ' enrolled' AS detail,
        any_value(t.char_start) AS char_start, any_value(t.char_end) AS char_end
    FROM arm_sizes AS a
    JOIN stated_totals AS t USING (doc_id)
    WHERE a.arm_patients IS NOT NULL
    GROUP BY a.doc_id, a.source_file
    HAVING sum(a.arm_patients) > any_value(t.total)
),
registry_reports AS (
    SELECT study_id, study_key, source_file, max(group_patients) AS patients,
           min(line_start) AS line_start
    FROM v_arm_studies
    WHERE study_key LIKE 'registry:%' AND group_patients IS NOT NULL
    GROUP BY study_id, study_key, source_file
),
cohort_disagrees AS (
    SELECT
        r.source_file, 'cohort_disagrees' AS "check",
        substr(r.study_key, 10) || ': ' || r.patients || ' patients here (line ' || r.line_start || '), '
            || string_agg(o.patients || ' in ' || o.source_file, ', ' ORDER BY o.source_file) AS detail,
        NULL::INTEGER AS char_start, NULL::INTEGER AS char_end
    FROM registry_reports AS r
    JOIN registry_reports AS o ON o.study_id = r.study_id AND o.source_file <> r.source_file
                               AND o.patients <> r.patients
    GROUP BY r.source_file, r.study_key, r.patients, r.line_start
),
final AS (
    SELECT * FROM percent_vs_counts
    UNION ALL SELECT * FROM numerator_over_denominator
    UNION ALL SELECT * FROM arms_over_total
    UNION ALL SELECT * FROM cohort_disagrees
)
SELECT * FROM final
ORDER BY source_file, "check", char_start NULLS LAST, detail;
