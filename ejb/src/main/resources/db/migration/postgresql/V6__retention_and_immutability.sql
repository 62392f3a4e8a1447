-- Tag retention policies, their runs and per-repository tasks, and tag immutability rules (issue 21).
CREATE TABLE retention_policy (ID BIGSERIAL NOT NULL, project_id BIGINT NOT NULL, BODY TEXT NOT NULL, CRON VARCHAR(128), schedule_job_id VARCHAR(40), creation_time TIMESTAMP NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
ALTER TABLE retention_policy ADD CONSTRAINT retention_policy_project UNIQUE (project_id);
CREATE TABLE retention_execution (ID BIGSERIAL NOT NULL, policy_id BIGINT NOT NULL, STATUS VARCHAR(16) NOT NULL, trigger_kind VARCHAR(16) NOT NULL, dry_run BOOLEAN NOT NULL, job_id VARCHAR(40), start_time TIMESTAMP NOT NULL, end_time TIMESTAMP, PRIMARY KEY (ID));
CREATE INDEX retention_execution_policy ON retention_execution (policy_id);
CREATE TABLE retention_task (ID BIGSERIAL NOT NULL, execution_id BIGINT NOT NULL, REPOSITORY VARCHAR(255) NOT NULL, STATUS VARCHAR(16) NOT NULL, TOTAL INTEGER NOT NULL, RETAINED INTEGER NOT NULL, start_time TIMESTAMP NOT NULL, end_time TIMESTAMP, LOG TEXT, PRIMARY KEY (ID));
CREATE INDEX retention_task_execution ON retention_task (execution_id);
CREATE TABLE immutable_tag_rule (ID BIGSERIAL NOT NULL, project_id BIGINT NOT NULL, PRIORITY INTEGER NOT NULL, DISABLED BOOLEAN NOT NULL, SELECTORS TEXT NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE INDEX immutable_tag_rule_project ON immutable_tag_rule (project_id);
