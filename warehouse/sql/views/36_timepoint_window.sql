-- The timepoint window a pool takes: timepoints a reviewer treats as one are pooled together.
--
-- THE rule, kept here and nowhere else: a timepoint of at least about a month pools at the whole
-- number of months nearest to it when it lies within 10% of that number; any other pools at
-- itself. So day 28, 4 weeks and 1 month are the 1-month window (0.92 months is within 10% of 1),
-- 12 weeks and 3 months the 3-month window, 24 and 26 weeks and 6 months the 6-month window,
-- 52 weeks, 12 months and 1 year the 12-month window; day 14 (0.46 months) and 1.5 months stay
-- apart. Baseline (0) is its own window. Each finding keeps the time as written
-- (`findings.timepoint_text`) and as stated in months; pools and the export name the window.
CREATE OR REPLACE MACRO timepoint_window(months) AS CASE
    WHEN months IS NULL THEN NULL
    WHEN months = 0 THEN 0.0
    WHEN abs(months - greatest(1, round(months))) <= 0.1 * greatest(1, round(months)) THEN greatest(1, round(months))::DOUBLE
    ELSE months
END;

-- How a window reads: "1 month", "6 months", "0.46 months"; NULL for no timepoint.
CREATE OR REPLACE MACRO window_label(months) AS CASE
    WHEN months IS NULL THEN NULL
    WHEN months = 0 THEN 'baseline'
    WHEN months = 1 THEN '1 month'
    ELSE format('{:g} months', months)
END;
