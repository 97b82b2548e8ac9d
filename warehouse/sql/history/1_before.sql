-- The pooled proportions as they stand before a run's changes, kept for the length of the
-- publishing connection and compared with v_pool_documents after the changes (2_record.sql).
CREATE OR REPLACE TEMP TABLE pools_before AS SELECT * FROM v_pool_documents;
