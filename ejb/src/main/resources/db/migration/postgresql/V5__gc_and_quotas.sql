-- Garbage collection (issue 21): one row per run with what it removed, and the schedule (one row).
CREATE TABLE gc_run (ID BIGSERIAL NOT NULL, job_id VARCHAR(40), run_trigger VARCHAR(16) NOT NULL, job_kind VARCHAR(16) NOT NULL, parameters VARCHAR(1024), STATUS VARCHAR(16) NOT NULL, creation_time TIMESTAMP NOT NULL, update_time TIMESTAMP NOT NULL, blobs_deleted BIGINT DEFAULT 0 NOT NULL, manifests_deleted BIGINT DEFAULT 0 NOT NULL, artifacts_deleted BIGINT DEFAULT 0 NOT NULL, uploads_purged BIGINT DEFAULT 0 NOT NULL, bytes_freed BIGINT DEFAULT 0 NOT NULL, duration_ms BIGINT DEFAULT 0 NOT NULL, PRIMARY KEY (ID));
CREATE INDEX gc_run_job ON gc_run (job_id);
CREATE TABLE gc_schedule (ID VARCHAR(16) NOT NULL, schedule_type VARCHAR(16) NOT NULL, CRON VARCHAR(128), job_id VARCHAR(40), parameters VARCHAR(1024), update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
-- Project quotas: the storage limit in bytes (-1 unlimited) and the usage as last counted.
CREATE TABLE project_quota (project_id BIGINT NOT NULL, storage_limit BIGINT NOT NULL, storage_used BIGINT DEFAULT 0 NOT NULL, creation_time TIMESTAMP NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (project_id));
