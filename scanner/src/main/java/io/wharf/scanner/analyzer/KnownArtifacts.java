package io.wharf.scanner.analyzer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The groupIds of well-known artifacts whose jars carry no Maven metadata (Spring's, Tomcat's embedded jars ...),
 * from {@code known-artifacts.tsv}: an artifactId, or a prefix ending in {@code *}, then the groupId. An exact
 * artifactId wins, then the longest prefix ({@code spring-boot*} before {@code spring-*}).
 */
public final class KnownArtifacts {
    private static final String RESOURCE = "known-artifacts.tsv";
    private static final KnownArtifacts DEFAULT = load();

    private final Map<String, String> exact;
    private final Map<String, String> prefixes;

    private KnownArtifacts(Map<String, String> exact, Map<String, String> prefixes) {
        this.exact = Map.copyOf(exact);
        this.prefixes = Map.copyOf(prefixes);
    }

    public static KnownArtifacts defaults() {
        return DEFAULT;
    }

    /** The groupId of a known artifactId, or null. */
    public String groupOf(String artifactId) {
        String group = exact.get(artifactId);
        for (int end = artifactId.length(); group == null && end > 0; end--) {
            group = prefixes.get(artifactId.substring(0, end));
        }
        return group;
    }

    private static KnownArtifacts load() {
        Map<String, String> exact = new HashMap<>();
        Map<String, String> prefixes = new HashMap<>();
        try (InputStream in = KnownArtifacts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the scanner's jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\\s+");
                if (cols.length != 2) {
                    throw new IllegalStateException(RESOURCE + ": not 'artifactId groupId': " + line);
                }
                if (cols[0].endsWith("*")) {
                    prefixes.put(cols[0].substring(0, cols[0].length() - 1), cols[1]);
                } else {
                    exact.put(cols[0], cols[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KnownArtifacts(exact, prefixes);
    }
}
