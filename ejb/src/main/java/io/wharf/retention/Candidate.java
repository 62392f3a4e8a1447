package io.wharf.retention;

import java.time.Instant;
import java.util.List;

/** An artifact retention may keep or delete: its digest, tags, and when it was last pushed and pulled (null: never). */
public record Candidate(long artifactId, String digest, List<String> tags, Instant pushTime, Instant pullTime) {
    public String describe() {
        return digest + (tags.isEmpty() ? " (untagged)" : " " + tags);
    }
}
