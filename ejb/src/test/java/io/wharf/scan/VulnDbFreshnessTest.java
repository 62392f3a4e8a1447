package io.wharf.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.DatabaseState;
import io.wharf.scanner.Severity;
import io.wharf.scanner.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VulnDbFreshnessTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static VulnDbFreshness freshness(String maxAge, String sources) {
        VulnDbSettings settings = new VulnDbSettings();
        settings.maxAge = maxAge;
        settings.sources = Optional.ofNullable(sources);
        VulnDbFreshness f = new VulnDbFreshness();
        f.settings = settings;
        return f;
    }

    private static DatabaseState data(Instant updatedAt) {
        return new DatabaseState(3, updatedAt == null, updatedAt,
                updatedAt == null ? List.of() : List.of(new SourceStatus("osv-npm", updatedAt, 10)));
    }

    @Test
    void dataWithinTheMaximumAgeCarriesNoWarning() {
        VulnDbFreshness.Verdict v = freshness("7d", null).of(data(NOW.minus(Duration.ofDays(6))), NOW);
        assertFalse(v.stale());
        assertFalse(v.empty());
        assertEquals(List.of(), v.warnings());
    }

    @Test
    void dataOlderThanTheMaximumAgeIsStaleAndSaysHowOld() {
        VulnDbFreshness.Verdict v = freshness("7d", null).of(data(NOW.minus(Duration.ofDays(9))), NOW);
        assertTrue(v.stale());
        assertEquals(1, v.warnings().size());
        assertTrue(v.warnings().get(0).contains("9 days old") && v.warnings().get(0).contains("7 days"), v.warnings().get(0));
        assertTrue(freshness("36h", null).of(data(NOW.minus(Duration.ofHours(37))), NOW).stale());
    }

    @Test
    void anEmptyDatabaseIsNeverReportedAsClean() {
        VulnDbFreshness.Verdict on = freshness("7d", null).of(data(null), NOW);
        assertTrue(on.empty());
        assertTrue(on.warnings().get(0).startsWith("The vulnerability database is empty"), on.warnings().get(0));
        assertTrue(on.warnings().get(0).contains("first update"), on.warnings().get(0));
        VulnDbFreshness.Verdict off = freshness("7d", "none").of(data(null), NOW);
        assertTrue(off.warnings().get(0).contains("import an archive"), off.warnings().get(0));
    }

    @Test
    void maximumAgesAreReadInTheUsualSpellings() {
        assertEquals(Duration.ofDays(7), VulnDbSettings.parseDuration("7d"));
        assertEquals(Duration.ofHours(36), VulnDbSettings.parseDuration("36h"));
        assertEquals(Duration.ofDays(2), VulnDbSettings.parseDuration("P2D"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VulnDbSettings.parseDuration("a week"));
        assertTrue(e.getMessage().contains("vulndb.max_age"), e.getMessage());
    }

    @Test
    void severityRisesWhenTheHighestFindingIsWorseThanBefore() {
        assertTrue(new ScanStore.Rematched(true, Severity.LOW, Severity.HIGH).severityRose());
        assertTrue(new ScanStore.Rematched(true, null, Severity.LOW).severityRose(), "from no findings to some");
        assertTrue(new ScanStore.Rematched(true, Severity.UNKNOWN, Severity.LOW).severityRose());
        assertFalse(new ScanStore.Rematched(true, Severity.HIGH, Severity.HIGH).severityRose());
        assertFalse(new ScanStore.Rematched(true, Severity.CRITICAL, Severity.MEDIUM).severityRose());
        assertFalse(new ScanStore.Rematched(true, Severity.LOW, null).severityRose(), "every finding gone");
    }
}
