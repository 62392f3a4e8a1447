package io.wharf.gc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Garbage collection's settings. The registry's storage root is where Distribution's filesystem
 * driver keeps its data (bin/wharf sets it, the registry runs beside Wharf); without it a run only
 * deletes untagged artifacts and unreferenced manifests through the registry's API.
 */
@ApplicationScoped
public class GcSettings {
    @Inject @ConfigProperty(name = "wharf.gc.registry.root")
    Optional<String> registryRoot;

    /** A blob or manifest written or asked for within this window before a run starts is kept (a push may still need it). */
    @Inject @ConfigProperty(name = "wharf.gc.blob.window.seconds", defaultValue = "7200")
    long windowSeconds;

    /** An upload session started longer ago than this is abandoned and purged. */
    @Inject @ConfigProperty(name = "wharf.gc.upload.age.seconds", defaultValue = "86400")
    long uploadAgeSeconds;

    public Optional<Path> registryRoot() { return registryRoot.filter(s -> !s.isBlank()).map(Path::of); }
    public Duration window() { return Duration.ofSeconds(Math.max(0, windowSeconds)); }
    public Duration uploadAge() { return Duration.ofSeconds(Math.max(0, uploadAgeSeconds)); }
}
