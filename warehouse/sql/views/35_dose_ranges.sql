-- Doses given, per disease, cell source and dose unit (doses in different units are not mixed).
CREATE OR REPLACE VIEW v_dose_ranges AS
SELECT
    disease,
    cell_source,
    dose_unit,
    count(*)                          AS k_arms,
    min(dose_min)                     AS lowest_dose,
    max(coalesce(dose_max, dose_min)) AS highest_dose,
    median(dose_min)                  AS median_dose,
    string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS documents
FROM trial_arms
WHERE dose_min IS NOT NULL
GROUP BY disease, cell_source, dose_unit
ORDER BY disease, cell_source, dose_unit;
