package io.wharf.registry;

import java.util.List;

/**
 * Raised inside the transaction that removes an artifact's records (observe it after success):
 * its repository, digest and the tags it had. Replication of deletions observes it.
 */
public record ArtifactDeleted(String repository, String digest, List<String> tags) {}
