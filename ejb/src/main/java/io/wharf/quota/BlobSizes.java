package io.wharf.quota;

import io.wharf.gc.RegistryLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The size of a blob, read from the registry's filesystem storage (the same root garbage collection
 * uses) and kept: a digest's size never changes. A blob not on disk counts 0.
 */
@ApplicationScoped
public class BlobSizes {
    private static final int MAX_KEPT = 500_000;

    @Inject @ConfigProperty(name = "wharf.gc.registry.root")
    Optional<String> registryRoot;

    private final Map<String, Long> sizes = new ConcurrentHashMap<>();

    public long of(String digest) {
        if (digest == null || !digest.startsWith("sha256:") || digest.length() != 71) return 0;
        Long known = sizes.get(digest);
        if (known != null) return known;
        Optional<Path> root = registryRoot.filter(s -> !s.isBlank()).map(Path::of);
        if (root.isEmpty()) return 0;
        String hex = digest.substring(7);
        if (!hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 0;
        Path data = RegistryLayout.blobData(RegistryLayout.v2(root.get()), hex);
        try {
            long size = Files.size(data);
            if (sizes.size() > MAX_KEPT) sizes.clear();
            sizes.put(digest, size);
            return size;
        } catch (IOException e) {
            return 0;
        }
    }
}
