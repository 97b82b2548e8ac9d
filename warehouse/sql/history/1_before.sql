-- The pooled estimates as they stand before a run's changes, kept for the length of the
-- publishing connection and compared with the same view after the changes (2_record.sql): the
-- pooled proportions and the pooled mean changes (v_history_pools).
CREATE OR REPLACE TEMP TABLE pools_before AS SELECT * FROM v_history_pools;
