package io.wharf.registry;

/**
 * Raised inside the transaction that deletes a tag (the artifact stays; observe it after success):
 * its repository, the tag and the digest it pointed at. Replication of deletions observes it.
 */
public record TagDeleted(String repository, String tag, String digest) {}
