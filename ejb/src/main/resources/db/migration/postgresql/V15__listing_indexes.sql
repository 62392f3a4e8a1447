-- Listings of large installations (issue 23): each page is read, counted and ordered by the database.
-- A repository's artifacts, newest push first (and its artifact count).
CREATE INDEX artifact_repository_push ON artifact (repository_id, push_time, id);
-- A project's artifacts, newest push first.
CREATE INDEX artifact_project_push ON artifact (project_id, push_time, id);
-- The tags of a page of artifacts, and the tagged/untagged filters.
CREATE INDEX tag_artifact ON tag (artifact_id, name);
-- A project's repositories by name.
CREATE INDEX repository_project_name ON repository (project_id, name);
