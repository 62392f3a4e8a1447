package io.wharf.notification;

import java.time.Instant;

/** One event of the registry's envelope, reduced to what Wharf acts on. */
public record RegistryEvent(String id, Instant timestamp, String action, String repository, String tag,
                            String digest, String mediaType, long size, String actor, String requestMethod) {

    public boolean isManifest() { return io.wharf.registry.ManifestSummary.isManifest(mediaType); }

    /** {@code p/r:tag} when the event names a tag, else {@code p/r@digest}. */
    public String resource() {
        return tag != null && !tag.isEmpty() ? repository + ":" + tag : repository + "@" + digest;
    }
}
