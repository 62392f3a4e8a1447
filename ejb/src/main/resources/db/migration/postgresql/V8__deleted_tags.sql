-- Tags deleted through /v2 or the API while the registry (Distribution 2.8) keeps them (issue 19).
CREATE TABLE deleted_tag (ID BIGSERIAL NOT NULL, delete_time TIMESTAMP NOT NULL, DIGEST VARCHAR(100) NOT NULL, NAME VARCHAR(128) NOT NULL, repository_name VARCHAR(255) NOT NULL, PRIMARY KEY (ID));
ALTER TABLE deleted_tag ADD CONSTRAINT UNQ_deleted_tag_0 UNIQUE (repository_name, name);
