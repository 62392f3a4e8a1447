package io.wharf.scanner;

import java.util.List;
import java.util.Map;

/**
 * Outcome of {@link VulnDatabase#importFrom(List)}.
 *
 * @param counts   records imported per source ({@code osv}, {@code alpine}, {@code debian}, {@code debian-sources})
 * @param warnings one line per skipped file or record, naming it
 */
public record ImportResult(Map<String, Integer> counts, List<String> warnings) {
    public ImportResult {
        counts = Map.copyOf(counts);
        warnings = List.copyOf(warnings);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
