-- Proxy cache projects (issue 24): the registry endpoint a project caches, and what the cache knows of each upstream manifest.
CREATE TABLE proxy_project (project_id BIGINT NOT NULL, creation_time TIMESTAMP NOT NULL, registry_id BIGINT NOT NULL, PRIMARY KEY (project_id));
CREATE TABLE proxy_manifest (ID BIGSERIAL NOT NULL, checked_at TIMESTAMP NOT NULL, DIGEST VARCHAR(128) NOT NULL, media_type VARCHAR(255) NOT NULL, pending_body BYTEA, REFERENCE VARCHAR(255) NOT NULL, REPOSITORY VARCHAR(255) NOT NULL, PRIMARY KEY (ID));
ALTER TABLE proxy_manifest ADD CONSTRAINT UNQ_proxy_manifest_0 UNIQUE (REPOSITORY, REFERENCE);
