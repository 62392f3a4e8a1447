-- Disabled users (issue 17): a system administrator can stop a user from signing in without deleting them.
CREATE TABLE disabled_user (user_id BIGINT NOT NULL, disabled_at TIMESTAMP NOT NULL, disabled_by VARCHAR(255) NOT NULL, PRIMARY KEY (user_id));
