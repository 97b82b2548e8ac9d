-- The pooled estimates as they stand before a run's changes, kept for the length of the
-- publishing connection and compared with the same views after the changes: the pooled
-- proportions (v_pool_documents, 2_record.sql) and the pooled mean changes
-- (v_change_pool_documents, 3_record_changes.sql).
CREATE OR REPLACE TEMP TABLE pools_before AS SELECT * FROM v_pool_documents;
CREATE OR REPLACE TEMP TABLE change_pools_before AS SELECT * FROM v_change_pool_documents;
