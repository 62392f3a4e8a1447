-- Listings of large installations (issue 23): each page is read, counted and ordered by the database.
-- A repository's artifacts, newest push first, read in index order without a sort (and its artifact count).
CREATE INDEX artifact_repository_push ON artifact (repository_id, push_time DESC, id DESC);
-- A project's artifacts, newest push first: a deep page skips index entries only.
CREATE INDEX artifact_project_push ON artifact (project_id, push_time DESC, id DESC);
-- The tags of a page of artifacts, and the tagged/untagged filters.
CREATE INDEX tag_artifact ON tag (artifact_id, name);
-- A project's repositories by name.
CREATE INDEX repository_project_name ON repository (project_id, name);
