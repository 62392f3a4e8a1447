package io.wharf.replication;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where this server last put or found a blob on a destination registry, so a later copy of the
 * same blob to another repository of that registry can ask for a cross-repository mount instead
 * of sending the bytes again. Bounded: the oldest places are forgotten first.
 */
@ApplicationScoped
public class BlobPlaces {
    private static final int MAX = 100_000;

    private final Map<String, String> places = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, String> eldest) { return size() > MAX; }
    });

    public Optional<String> where(String registry, String digest) { return Optional.ofNullable(places.get(registry + " " + digest)); }

    public void remember(String registry, String digest, String repository) { places.put(registry + " " + digest, repository); }
}
