-- Harbor's labels (issue 18), what the OCI 1.1 referrers API answers (issue 19), repository descriptions.
CREATE TABLE harbor_label (ID BIGSERIAL NOT NULL, COLOR VARCHAR(16), creation_time TIMESTAMP NOT NULL, DESCRIPTION VARCHAR(1024), NAME VARCHAR(128) NOT NULL, project_id BIGINT NOT NULL, SCOPE VARCHAR(1) NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
ALTER TABLE harbor_label ADD CONSTRAINT UNQ_harbor_label_0 UNIQUE (name, scope, project_id);
CREATE TABLE artifact_label (ID BIGSERIAL NOT NULL, artifact_id BIGINT NOT NULL, creation_time TIMESTAMP NOT NULL, label_id BIGINT NOT NULL, PRIMARY KEY (ID));
ALTER TABLE artifact_label ADD CONSTRAINT UNQ_artifact_label_0 UNIQUE (artifact_id, label_id);
ALTER TABLE artifact ADD COLUMN annotations TEXT;
ALTER TABLE artifact ADD COLUMN artifact_type VARCHAR(255);
ALTER TABLE artifact ADD COLUMN manifest_size BIGINT;
-- The referrers of a subject are looked up per repository.
CREATE INDEX artifact_subject ON artifact (repository_id, subject_digest);
ALTER TABLE repository ADD COLUMN DESCRIPTION VARCHAR(4096);
-- Liberty creates its batch tables in server.xml's schema WHARFBATCH, but not the schema itself.
CREATE SCHEMA IF NOT EXISTS wharfbatch;
