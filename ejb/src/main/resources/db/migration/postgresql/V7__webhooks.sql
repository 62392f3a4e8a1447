-- Webhooks (issue 22): policies, executions (one event for one policy), tasks (one delivery to one target), the audit feed's cursor.
CREATE TABLE webhook_policy (ID BIGSERIAL NOT NULL, project_id BIGINT NOT NULL, NAME VARCHAR(256) NOT NULL, DESCRIPTION VARCHAR(1024), event_types VARCHAR(1024) NOT NULL, targets TEXT NOT NULL, ENABLED BOOLEAN NOT NULL, CREATOR VARCHAR(255), creation_time TIMESTAMP NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
ALTER TABLE webhook_policy ADD CONSTRAINT webhook_policy_name UNIQUE (project_id, name);
CREATE TABLE webhook_execution (ID BIGSERIAL NOT NULL, policy_id BIGINT NOT NULL, event_id VARCHAR(128) NOT NULL, event_type VARCHAR(64) NOT NULL, payload TEXT NOT NULL, trigger_kind VARCHAR(16) NOT NULL, start_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
ALTER TABLE webhook_execution ADD CONSTRAINT webhook_execution_event UNIQUE (policy_id, event_id);
CREATE TABLE webhook_task (ID BIGSERIAL NOT NULL, execution_id BIGINT NOT NULL, policy_id BIGINT NOT NULL, target_index INTEGER NOT NULL, ADDRESS VARCHAR(2048) NOT NULL, job_id VARCHAR(40), STATUS VARCHAR(16) NOT NULL, status_message VARCHAR(1024), run_count INTEGER NOT NULL, creation_time TIMESTAMP NOT NULL, update_time TIMESTAMP NOT NULL, end_time TIMESTAMP, PRIMARY KEY (ID));
CREATE INDEX webhook_task_execution ON webhook_task (execution_id);
-- Deliveries wait for an earlier one of their policy and target: found by policy and target.
CREATE INDEX webhook_task_policy ON webhook_task (policy_id, target_index, status);
CREATE TABLE webhook_cursor (NAME VARCHAR(32) NOT NULL, last_id BIGINT NOT NULL, PRIMARY KEY (NAME));
