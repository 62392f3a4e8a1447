package io.wharf.registry;

import io.wharf.project.ProjectRole.Action;
import java.util.Optional;

/**
 * What a {@code /v2/...} request touches and which action it needs: the repository name is
 * everything before the last {@code /manifests/}, {@code /blobs/} or {@code /tags/} segment.
 */
public record RegistryRequest(Kind kind, String repository, Action action) {
    public enum Kind { BASE, CATALOG, REPOSITORY }

    private static final String[] MARKERS = {"/manifests/", "/blobs/", "/tags/"};

    /**
     * @param path the path after {@code /v2/}, already percent-decoded
     * @return empty when the path is not one the distribution API defines
     */
    public static Optional<RegistryRequest> of(String method, String path) {
        if (path.isEmpty()) return Optional.of(new RegistryRequest(Kind.BASE, null, null));
        if (path.equals("_catalog")) return Optional.of(new RegistryRequest(Kind.CATALOG, null, Action.PULL));
        int cut = -1;
        for (String marker : MARKERS) {
            int i = path.lastIndexOf(marker);
            if (i > cut) cut = i;
        }
        if (cut <= 0) return Optional.empty();
        return Optional.of(new RegistryRequest(Kind.REPOSITORY, path.substring(0, cut), actionFor(method)));
    }

    static Action actionFor(String method) {
        return switch (method) {
            case "GET", "HEAD" -> Action.PULL;
            case "DELETE" -> Action.DELETE;
            default -> Action.PUSH;
        };
    }
}
