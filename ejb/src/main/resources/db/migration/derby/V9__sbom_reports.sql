-- SBOMs generated for artifacts (issue 19 part 4): one row per generation, the SBOM accessory's digest once it succeeded.
CREATE TABLE sbom_report (ID VARCHAR(40) NOT NULL, create_time TIMESTAMP NOT NULL, DIGEST VARCHAR(100) NOT NULL, end_time TIMESTAMP, job_id VARCHAR(40), MESSAGE VARCHAR(1024), project_id BIGINT, REPOSITORY VARCHAR(255) NOT NULL, requested_by VARCHAR(255), sbom_digest VARCHAR(100), start_time TIMESTAMP, STATUS VARCHAR(16) NOT NULL, update_time TIMESTAMP NOT NULL, PRIMARY KEY (ID));
CREATE INDEX sbom_report_digest ON sbom_report (digest, status);
