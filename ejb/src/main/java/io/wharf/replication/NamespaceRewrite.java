package io.wharf.replication;

/**
 * Harbor's destination namespace: where a repository lands. With no namespace it keeps its name.
 * {@code replaceCount} -1 (Harbor's legacy mode) puts the last path component under the namespace,
 * 0 prefixes the whole name, and n replaces the first n path components.
 */
public final class NamespaceRewrite {
    private NamespaceRewrite() {}

    /** @throws IllegalArgumentException when the count is larger than the repository's path allows */
    public static String apply(String repository, String namespace, int replaceCount) {
        if (namespace == null || namespace.isBlank()) return repository;
        String ns = namespace.strip();
        String[] parts = repository.split("/");
        if (replaceCount < 0) return ns + "/" + parts[parts.length - 1];
        if (replaceCount == 0) return ns + "/" + repository;
        if (replaceCount >= parts.length) {
            throw new IllegalArgumentException("cannot replace " + replaceCount + " path components of " + repository
                    + ": it has " + parts.length + " and the last one must stay");
        }
        return ns + "/" + String.join("/", java.util.Arrays.copyOfRange(parts, replaceCount, parts.length));
    }
}
