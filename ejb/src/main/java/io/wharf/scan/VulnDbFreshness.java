package io.wharf.scan;

import io.wharf.scanner.DatabaseState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the vulnerability data can be trusted now, in sentences a user reads: on the database's
 * status, on {@code /health}, and on every scan overview made with data older than
 * {@code vulndb.max_age}.
 */
@ApplicationScoped
public class VulnDbFreshness {
    @Inject VulnDbSettings settings;
    @Inject VulnDbService vulndb;

    public record Verdict(boolean empty, boolean stale, List<String> warnings) {}

    /** The database as it is now. */
    public Verdict now() {
        return of(vulndb.state(), Instant.now());
    }

    Verdict of(DatabaseState state, Instant now) {
        List<String> warnings = new ArrayList<>();
        if (state.empty()) {
            warnings.add("The vulnerability database is empty: scans end in Error until it has data"
                    + (settings.updaterOn() ? " (the first update runs on its own; see Interrogation Services)." : " (import an archive: the updater is off)."));
            return new Verdict(true, false, warnings);
        }
        String stale = staleSentence(state.updatedAt(), now);
        if (stale != null) warnings.add(stale);
        return new Verdict(false, stale != null, warnings);
    }

    /** The warnings of a report matched against data last updated at {@code dataUpdatedAt}. */
    public List<String> forReport(Instant dataUpdatedAt) {
        String stale = staleSentence(dataUpdatedAt, Instant.now());
        return stale == null ? List.of() : List.of(stale);
    }

    private String staleSentence(Instant updatedAt, Instant now) {
        if (updatedAt == null) return null;
        Duration age = Duration.between(updatedAt, now);
        Duration max = settings.maxAge();
        if (age.compareTo(max) <= 0) return null;
        return "The vulnerability data is " + describe(age) + " old (older than the " + describe(max)
                + " allowed by vulndb.max_age): vulnerabilities published since then are not reported.";
    }

    static String describe(Duration d) {
        long days = d.toDays();
        if (days >= 2) return days + " days";
        long hours = d.toHours();
        if (hours >= 2) return hours + " hours";
        return Math.max(1, d.toMinutes()) + " minutes";
    }
}
