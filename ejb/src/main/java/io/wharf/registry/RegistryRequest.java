package io.wharf.registry;

import io.wharf.project.ProjectRole.Action;
import java.util.Optional;

/**
 * A {@code /v2/...} request read once, by the gateway's first filter, and handed on to the resource
 * that serves it: what it touches (the repository name is everything before the last
 * {@code /manifests/}, {@code /blobs/}, {@code /tags/} or {@code /referrers/} segment), which
 * action it needs, which part of the API it addresses and the reference after that part (a tag or
 * digest, a blob digest, an upload id, {@code list}).
 */
public record RegistryRequest(Kind kind, String repository, Action action, Section section, String reference) {
    public enum Kind { BASE, CATALOG, REPOSITORY }

    /** The part of a repository's API a request addresses. */
    public enum Section {
        MANIFESTS("/manifests/"), BLOBS("/blobs/"), UPLOADS("/blobs/uploads/"), TAGS("/tags/"), REFERRERS("/referrers/");

        private final String marker;

        Section(String marker) { this.marker = marker; }
    }

    private static final Section[] MARKED = {Section.MANIFESTS, Section.BLOBS, Section.TAGS, Section.REFERRERS};

    /** A request that names no repository ({@code /v2/}, the catalog). */
    public RegistryRequest(Kind kind, String repository, Action action) {
        this(kind, repository, action, null, null);
    }

    /**
     * @param path the path after {@code /v2/}, already percent-decoded
     * @return empty when the path is not one the distribution API defines
     */
    public static Optional<RegistryRequest> of(String method, String path) {
        if (path.isEmpty()) return Optional.of(new RegistryRequest(Kind.BASE, null, null));
        if (path.equals("_catalog")) return Optional.of(new RegistryRequest(Kind.CATALOG, null, Action.PULL));
        int cut = -1;
        Section section = null;
        for (Section s : MARKED) {
            int i = path.lastIndexOf(s.marker);
            if (i > cut) {
                cut = i;
                section = s;
            }
        }
        if (cut <= 0) return Optional.empty();
        String repository = path.substring(0, cut);
        String reference = path.substring(cut + section.marker.length());
        if (section == Section.BLOBS && (reference.equals("uploads") || reference.startsWith("uploads/"))) {
            section = Section.UPLOADS;
            reference = reference.equals("uploads") ? "" : reference.substring("uploads/".length());
        }
        return Optional.of(new RegistryRequest(Kind.REPOSITORY, repository, actionFor(method), section, reference));
    }

    public boolean is(Section part) { return section == part; }

    /** A manifest or referrers request whose reference is a digest (not a tag). */
    public boolean byDigest() { return RegistryReference.isDigest(reference); }

    static Action actionFor(String method) {
        return switch (method) {
            case "GET", "HEAD" -> Action.PULL;
            case "DELETE" -> Action.DELETE;
            default -> Action.PUSH;
        };
    }
}
