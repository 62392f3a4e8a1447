package io.wharf.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScanPolicyTest {
    @Test
    void theProjectSeveritySettingIsTheThresholdAndLowByDefault() {
        assertEquals(Severity.HIGH, ScanPolicy.threshold("high"));
        assertEquals(Severity.CRITICAL, ScanPolicy.threshold("Critical"));
        assertEquals(Severity.LOW, ScanPolicy.threshold(null));
        assertEquals(Severity.LOW, ScanPolicy.threshold("nonsense"));
    }

    @Test
    void anAllowlistedIdMatchesTheFindingOrAnyOfItsAliases() {
        ScanVulnerability v = new ScanVulnerability("sha256:x", "GHSA-35jh-r3h4-6jhm", List.of("CVE-2021-23337"), "lodash", "4.17.19",
                "4.17.21", Severity.HIGH, "Command injection in lodash", List.of("https://nvd.nist.gov/vuln/detail/CVE-2021-23337"), null);
        assertTrue(v.matchesAny(Set.of("CVE-2021-23337")));
        assertTrue(v.matchesAny(Set.of("GHSA-35jh-r3h4-6jhm")));
        assertFalse(v.matchesAny(Set.of("CVE-2020-8203")));
    }

    @Test
    void anExpiredAllowlistNoLongerApplies() {
        CveAllowlist list = new CveAllowlist(1L);
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        list.replace(Set.of("CVE-2021-23337"), now.getEpochSecond() + 60, now);
        assertEquals(Set.of("CVE-2021-23337"), list.effectiveIds(now));
        assertEquals(Set.of(), list.effectiveIds(now.plusSeconds(61)));
        list.replace(Set.of("CVE-2021-23337"), null, now);
        assertEquals(Set.of("CVE-2021-23337"), list.effectiveIds(now.plusSeconds(1_000_000)));
    }
}
