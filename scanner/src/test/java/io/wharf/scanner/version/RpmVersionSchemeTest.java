package io.wharf.scanner.version;

import static io.wharf.scanner.version.OrderAssertions.assertAscending;
import static io.wharf.scanner.version.OrderAssertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpmVersionSchemeTest {
    private final VersionScheme rpm = VersionSchemes.RPM;

    /**
     * rpm's documented order (rpm.org "RPM Version Comparison", rpmvercmp tests) and real EL releases from the
     * AlmaLinux advisories under test resources.
     */
    static final List<List<String>> ORDERS = List.of(
            List.of("1.0~rc1", "1.0", "1.0^git1", "1.0^git2", "1.0a", "1.0.1", "1.1"),
            List.of("1.0~~", "1.0~", "1.0~a", "1.0"),
            List.of("a", "b", "1", "2", "10"),
            List.of("1.9", "1.10", "1.010.1", "2.0"),
            List.of("5.5p1", "5.5p2", "5.5p10", "5.6"),
            List.of("2.0", "1:0.9", "1:1.0", "2:0.1"),
            List.of("3.0.1-47.el9_1", "3.0.7-6.el9_2", "3.0.7-16.el9", "3.0.7-16.el9_2", "3.0.7-25.el9_3",
                    "3.0.7-27.el9"),
            List.of("1:3.0.1-47.el9_1", "1:3.0.7-16.el9_2", "1:3.0.7-27.el9"),
            List.of("252-32.el9_4", "252-32.el9_4.alma.1", "252-32.el9_4.1"),
            List.of("7.76.1-23.el9_2.1", "7.76.1-23.el9_2.2", "7.76.1-23.el9_2.4", "7.76.1-26.el9"),
            List.of("1.0", "1.0-1", "1.0-2"),
            List.of("2:2.3.4-2.git87f9237.module_el8.3.0+2044+12421f43",
                    "2:2.3.4-2.git87f9237.module_el8.4.0+2496+12421f43",
                    "2:2.3.4-2.git87f9237.module_el8.5.0+119+9a9ec082"));

    @Test
    void ordersAsRpmDocuments() {
        ORDERS.forEach(order -> assertAscending(rpm, order));
    }

    @Test
    void equalSpellings() {
        assertSame(rpm, "0:1.0-1", "1.0-1");
        assertSame(rpm, "1.0", "1_0");
        assertSame(rpm, "1.01", "1.1");
        assertSame(rpm, "1.0-1.el9", "1.0-1.el9");
    }

    @Test
    void ecosystemsOfRpmDistributionsUseIt() {
        for (String ecosystem : List.of("AlmaLinux:9", "Rocky Linux:8", "Red Hat:enterprise_linux:9::baseos")) {
            assertEquals("rpm", VersionSchemes.forEcosystem(ecosystem).orElseThrow().name(), ecosystem);
        }
    }

    /** Every adjacent pair of the table, both ways, against the real rpm's {@code rpm.vercmp} (full EVR compare). */
    @Test
    void agreesWithRpmVercmp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/rpm")), "rpm not installed");
        List<String[]> pairs = new ArrayList<>();
        for (List<String> order : ORDERS) {
            for (int i = 0; i + 1 < order.size(); i++) {
                pairs.add(new String[] {order.get(i), order.get(i + 1)});
                pairs.add(new String[] {order.get(i + 1), order.get(i)});
            }
        }
        pairs.add(new String[] {"0:1.0-1", "1.0-1"});
        pairs.add(new String[] {"1.0", "1_0"});
        StringBuilder lua = new StringBuilder("%{lua:");
        for (String[] p : pairs) {
            lua.append(" print(rpm.vercmp(\"").append(p[0]).append("\", \"").append(p[1]).append("\") .. \" \")");
        }
        lua.append("}");
        Process proc = new ProcessBuilder("/usr/bin/rpm", "--eval", lua.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), out);
        List<String> answers = List.of(out.strip().split("\\s+"));
        assertEquals(pairs.size(), answers.size(), out);
        for (int k = 0; k < pairs.size(); k++) {
            String[] p = pairs.get(k);
            assertEquals(Integer.parseInt(answers.get(k)), Integer.signum(rpm.compare(p[0], p[1])),
                    "rpm.vercmp(" + p[0] + ", " + p[1] + ")");
        }
    }
}
