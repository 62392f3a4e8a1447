package io.wharf.scanner.severity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.scanner.Severity;
import org.junit.jupiter.api.Test;

/** Base scores published by NVD / FIRST's calculator for these vectors. */
class Cvss3Test {
    @Test
    void baseScores() {
        assertEquals(10.0, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")); // Log4Shell
        assertEquals(9.8, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
        assertEquals(9.0, Cvss3.baseScore("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H")); // CVE-2021-45046
        assertEquals(7.2, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"));
        assertEquals(7.4, Cvss3.baseScore("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H"));
        assertEquals(5.9, Cvss3.baseScore("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N"));
        assertEquals(6.1, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"));
        assertEquals(7.8, Cvss3.baseScore("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"));
        assertEquals(0.0, Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"));
    }

    @Test
    void ratings() {
        assertEquals(Severity.CRITICAL, Cvss3.rating(9.0));
        assertEquals(Severity.HIGH, Cvss3.rating(8.9));
        assertEquals(Severity.MEDIUM, Cvss3.rating(4.0));
        assertEquals(Severity.LOW, Cvss3.rating(3.9));
    }

    @Test
    void rejectsOtherVectors() {
        assertThrows(IllegalArgumentException.class,
                () -> Cvss3.baseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"));
        assertThrows(IllegalArgumentException.class, () -> Cvss3.baseScore("CVSS:3.1/AV:N/AC:L"));
    }
}
