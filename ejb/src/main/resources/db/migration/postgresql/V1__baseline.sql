-- Wharf's schema as it was when migrations began: every entity's table, index and constraint, as
-- EclipseLink 4.0.9 generates them for PostgreSQL (ddl-generation.output-mode=sql-script, see BaselineDdl)
-- and as create-or-extend-tables created them in installations from before migrations, which are
-- baselined at this version instead of running it.
-- Reviewed: EclipseLink 4.0.9 writes identity keys for PostgreSQL as "BIGINT SERIAL", which PostgreSQL
-- rejects (EclipseLink issues 2616, 2644); they are BIGSERIAL here.
-- Never edit this file once released: add V2__..., V3__... (README, "Schema migrations").

CREATE TABLE scan_all_run (ID VARCHAR(40) NOT NULL, end_time TIMESTAMP, job_id VARCHAR(40), ONGOING BOOLEAN, start_time TIMESTAMP NOT NULL, STOPPED BOOLEAN, TOTAL INTEGER, run_trigger VARCHAR(16) NOT NULL, PRIMARY KEY (ID));
CREATE TABLE tag (ID BIGSERIAL NOT NULL, artifact_id BIGINT NOT NULL, NAME VARCHAR(128) NOT NULL, pull_time TIMESTAMP, push_time TIMESTAMP NOT NULL, repository_id BIGINT NOT NULL, PRIMARY KEY (ID));
CREATE TABLE wharf_user (ID BIGSERIAL NOT NULL, user_comment VARCHAR(1024), creation_time TIMESTAMP NOT NULL, EMAIL VARCHAR(255), password_hash VARCHAR(255) NOT NULL, REALNAME VARCHAR(255), SYSADMIN BOOLEAN NOT NULL, update_time TIMESTAMP NOT NULL, USERNAME VARCHAR(255) NOT NULL UNIQUE, PRIMARY KEY (ID));
CREATE TABLE img_scan_job (ID VARCHAR(40) NOT NULL, create_time TIMESTAMP NOT NULL, DIGEST VARCHAR(100) NOT NULL, end_time TIMESTAMP, job_id VARCHAR(40), MESSAGE VARCHAR(1024), project_id BIGINT, REPOSITORY VARCHAR(255) NOT NULL, requested_by VARCHAR(255), scan_all_id VARCHAR(40), start_time TIMESTAMP, STATUS VARCHAR(16) NOT NULL, TAG VARCHAR(128), scan_trigger VARCHAR(16) NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE INDEX scan_job_digest ON img_scan_job (digest, status);
CREATE INDEX scan_job_all ON img_scan_job (scan_all_id, status);
CREATE TABLE project_member (ID BIGSERIAL NOT NULL, creation_time TIMESTAMP NOT NULL, project_id BIGINT NOT NULL, role_id INTEGER NOT NULL, update_time TIMESTAMP NOT NULL, user_id BIGINT NOT NULL, PRIMARY KEY (ID));
CREATE TABLE notification_event (event_id VARCHAR(128) NOT NULL, received_time TIMESTAMP NOT NULL, PRIMARY KEY (event_id));
CREATE TABLE vulndb_rematch (job_id VARCHAR(40) NOT NULL, another_pass BOOLEAN NOT NULL, CHANGED BIGINT, data_generation BIGINT, DONE BIGINT, end_time TIMESTAMP, severity_rose BIGINT, SKIPPED BIGINT, start_time TIMESTAMP NOT NULL, STATUS VARCHAR(16) NOT NULL, TOTAL BIGINT, PRIMARY KEY (job_id));
CREATE TABLE scan_all_schedule (ID VARCHAR(16) NOT NULL, CRON VARCHAR(128), job_id VARCHAR(40), schedule_type VARCHAR(16) NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE TABLE audit_log (ID BIGSERIAL NOT NULL, op_time TIMESTAMP NOT NULL, OPERATION VARCHAR(16) NOT NULL, project_id BIGINT NOT NULL, RESOURCE VARCHAR(512) NOT NULL, resource_type VARCHAR(32) NOT NULL, USERNAME VARCHAR(255) NOT NULL, PRIMARY KEY (ID));
CREATE INDEX audit_log_project ON audit_log (project_id, op_time);
CREATE TABLE img_scan_vulnerability (ID BIGSERIAL NOT NULL, ALIASES VARCHAR(1024), cvss_all VARCHAR(2000), cvss_score FLOAT, cvss_source VARCHAR(32), cvss_vector VARCHAR(255), cvss_version VARCHAR(8), cwe_ids VARCHAR(1024), DESCRIPTION TEXT, DIGEST VARCHAR(100) NOT NULL, fix_version VARCHAR(255), layer_digest VARCHAR(100), LINKS TEXT, package_name VARCHAR(255) NOT NULL, SEVERITY VARCHAR(16) NOT NULL, severity_source VARCHAR(32), VERSION VARCHAR(255), vuln_id VARCHAR(128) NOT NULL, PRIMARY KEY (ID));
CREATE INDEX scan_vuln_digest ON img_scan_vulnerability (digest);
CREATE TABLE artifact (ID BIGSERIAL NOT NULL, config_digest VARCHAR(255), DIGEST VARCHAR(255) NOT NULL, layer_digests TEXT, manifest_media_type VARCHAR(255) NOT NULL, media_type VARCHAR(255), project_id BIGINT NOT NULL, pull_time TIMESTAMP, push_time TIMESTAMP NOT NULL, repository_id BIGINT NOT NULL, SIZE BIGINT NOT NULL, subject_digest VARCHAR(255), PRIMARY KEY (ID));
CREATE TABLE project (ID BIGSERIAL NOT NULL, creation_time TIMESTAMP NOT NULL, NAME VARCHAR(255) NOT NULL UNIQUE, owner_id BIGINT NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE TABLE job_record (ID VARCHAR(40) NOT NULL, check_in VARCHAR(1024), check_in_at TIMESTAMP, cron_spec VARCHAR(128), enqueue_time TIMESTAMP NOT NULL, FAILS INTEGER NOT NULL, KIND VARCHAR(16) NOT NULL, last_error VARCHAR(2048), max_fails INTEGER NOT NULL, NAME VARCHAR(64) NOT NULL, needs_enqueue BOOLEAN NOT NULL, parameters TEXT, parent_id VARCHAR(40), REVISION BIGINT, run_at TIMESTAMP, run_by VARCHAR(128), STATUS VARCHAR(16) NOT NULL, status_hook VARCHAR(2048), stop_requested BOOLEAN NOT NULL, tick TIMESTAMP, is_unique BOOLEAN NOT NULL, unique_key VARCHAR(64), update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE INDEX job_status ON job_record (status, run_at);
CREATE TABLE repository (ID BIGSERIAL NOT NULL, creation_time TIMESTAMP NOT NULL, NAME VARCHAR(255) NOT NULL UNIQUE, project_id BIGINT NOT NULL, pull_count BIGINT NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE TABLE project_cve_allowlist (project_id BIGINT NOT NULL, expires_at BIGINT, ITEMS TEXT, update_time TIMESTAMP NOT NULL, PRIMARY KEY (project_id));
CREATE TABLE img_scan_overview (DIGEST VARCHAR(100) NOT NULL, critical_count INTEGER, data_generation BIGINT, data_updated_at TIMESTAMP, end_time TIMESTAMP, fixable_count INTEGER, high_count INTEGER, low_count INTEGER, medium_count INTEGER, job_id VARCHAR(40) NOT NULL, scanner_name VARCHAR(128), scanner_vendor VARCHAR(128), scanner_version VARCHAR(64), SEVERITY VARCHAR(16), start_time TIMESTAMP, STATUS VARCHAR(16) NOT NULL, total_count INTEGER, unknown_count INTEGER, update_time TIMESTAMP NOT NULL, PRIMARY KEY (DIGEST));
CREATE TABLE project_metadata (project_id BIGINT, meta_value VARCHAR(255), meta_name VARCHAR(255));
ALTER TABLE tag ADD CONSTRAINT UNQ_tag_0 UNIQUE (repository_id, name);
ALTER TABLE img_scan_job ADD CONSTRAINT scan_job_run_digest UNIQUE (scan_all_id, digest);
ALTER TABLE project_member ADD CONSTRAINT UNQ_project_member_0 UNIQUE (project_id, user_id);
ALTER TABLE artifact ADD CONSTRAINT UNQ_artifact_0 UNIQUE (repository_id, digest);
ALTER TABLE job_record ADD CONSTRAINT job_tick UNIQUE (parent_id, tick);
ALTER TABLE job_record ADD CONSTRAINT job_unique_key UNIQUE (unique_key);
ALTER TABLE project_metadata ADD CONSTRAINT FK_project_metadata_project_id FOREIGN KEY (project_id) REFERENCES project (ID);
