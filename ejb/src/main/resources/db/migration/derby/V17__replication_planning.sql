-- Replication executions planned in the background (issue 24): an execution whose tasks are still being written is not settled.
ALTER TABLE replication_execution ADD COLUMN PLANNING SMALLINT DEFAULT 0 NOT NULL;
