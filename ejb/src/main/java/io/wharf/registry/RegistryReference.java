package io.wharf.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reference part of a {@code /v2} path, checked by the distribution grammar before the
 * request is proxied: a digest after {@code /blobs/}, a tag or digest after {@code /manifests/}.
 * Distribution 2.8 lets some malformed digests through to a 404; the OCI spec wants 400.
 */
public final class RegistryReference {
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("sha512:[a-f0-9]{128}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /** The registry status, error code and message when the reference is malformed. */
    public record Problem(int status, String code, String message) {
        Problem(String code, String message) { this(400, code, message); }
    }

    private RegistryReference() {}

    /**
     * @param path the path after {@code /v2/}
     * @param repository the repository already read from it
     */
    public static Optional<Problem> check(String path, String repository) {
        String rest = path.substring(repository.length());
        if (rest.startsWith("/blobs/uploads")) return Optional.empty();
        if (rest.startsWith("/blobs/")) {
            String digest = rest.substring("/blobs/".length());
            return validDigest(digest) ? Optional.empty()
                    : Optional.of(new Problem("DIGEST_INVALID", "'" + digest + "' is not a valid digest"));
        }
        if (rest.startsWith("/manifests/")) {
            String reference = rest.substring("/manifests/".length());
            if (isDigest(reference)) {
                return validDigest(reference) ? Optional.empty()
                        : Optional.of(new Problem("DIGEST_INVALID", "'" + reference + "' is not a valid digest"));
            }
            return TAG.matcher(reference).matches() ? Optional.empty()
                    : Optional.of(new Problem("TAG_INVALID", "'" + reference + "' is not a valid tag"));
        }
        return Optional.empty();
    }

    /**
     * The same grammar for a request already read: a manifest that is read or deleted under a name
     * that cannot be a tag is simply not there (404 {@code MANIFEST_UNKNOWN}, as the spec and
     * Distribution answer); only a push under such a name is a client error (400). A referrers
     * request needs a digest.
     */
    public static Optional<Problem> check(String method, RegistryRequest request) {
        if (request.kind() != RegistryRequest.Kind.REPOSITORY) return Optional.empty();
        if (request.is(RegistryRequest.Section.REFERRERS)) {
            return validDigest(request.reference()) ? Optional.empty()
                    : Optional.of(new Problem("DIGEST_INVALID", "'" + request.reference() + "' is not a valid digest"));
        }
        String path = request.repository() + (request.is(RegistryRequest.Section.UPLOADS) ? "/blobs/uploads/"
                : request.is(RegistryRequest.Section.BLOBS) ? "/blobs/"
                : request.is(RegistryRequest.Section.MANIFESTS) ? "/manifests/" : "/tags/") + request.reference();
        Optional<Problem> problem = check(path, request.repository());
        boolean reading = method.equals("GET") || method.equals("HEAD") || method.equals("DELETE");
        if (problem.isPresent() && reading && request.is(RegistryRequest.Section.MANIFESTS) && !request.byDigest()) {
            return Optional.of(new Problem(404, "MANIFEST_UNKNOWN", "manifest unknown"));
        }
        return problem;
    }

    /** A manifest reference is a digest when it names an algorithm ({@code sha256:...}); a tag never has a colon. */
    public static boolean isDigest(String reference) { return reference != null && reference.contains(":"); }

    public static boolean validTag(String tag) {
        return TAG.matcher(tag).matches();
    }

    public static boolean validDigest(String digest) {
        if (!DIGEST.matcher(digest).matches()) return false;
        if (digest.startsWith("sha256:")) return SHA256.matcher(digest).matches();
        if (digest.startsWith("sha512:")) return SHA512.matcher(digest).matches();
        return true;
    }
}
