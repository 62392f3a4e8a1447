-- Robot accounts and workload identity (issue 20): robots, trusted OIDC issuers, bindings of issuer claims to robots.
CREATE TABLE robot (ID BIGSERIAL NOT NULL, NAME VARCHAR(255) NOT NULL, full_name VARCHAR(512) NOT NULL UNIQUE, DESCRIPTION VARCHAR(1024), robot_level VARCHAR(16) NOT NULL, project_id BIGINT, secret_hash VARCHAR(255) NOT NULL, DISABLED BOOLEAN NOT NULL, DURATION INTEGER NOT NULL, expires_at BIGINT NOT NULL, PERMISSIONS TEXT NOT NULL, CREATOR VARCHAR(255), creation_time TIMESTAMP NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE INDEX robot_project ON robot (project_id);
CREATE TABLE trusted_issuer (ID BIGSERIAL NOT NULL, ISSUER VARCHAR(1024) NOT NULL, jwks_url VARCHAR(2048), public_key_pem TEXT, AUDIENCE VARCHAR(1024) NOT NULL, creation_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE TABLE issuer_binding (ID BIGSERIAL NOT NULL, issuer_id BIGINT NOT NULL, robot_id BIGINT NOT NULL, CONDITIONS TEXT NOT NULL, creation_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE INDEX issuer_binding_issuer ON issuer_binding (issuer_id);
