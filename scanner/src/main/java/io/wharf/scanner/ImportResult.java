package io.wharf.scanner;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outcome of {@link VulnDatabase#importFrom(List)}.
 *
 * @param counts   records imported per source ({@code osv}, {@code alpine}, {@code debian}, {@code debian-sources})
 * @param warnings one line per skipped file or record, naming it
 */
public record ImportResult(Map<String, Integer> counts, List<String> warnings) {
    public ImportResult {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts)); // sorted by source name
        warnings = List.copyOf(warnings);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
