package io.wharf.project;

/**
 * A project was deleted, raised inside the deleting transaction: what hangs on the project by id or by
 * name (robot accounts) goes with it, so that a new project of the same name inherits nothing.
 */
public record ProjectDeleted(long projectId, String name, String actor) {}
