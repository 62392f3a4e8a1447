package io.wharf.scanner.version;

import static io.wharf.scanner.version.OrderAssertions.assertAscending;
import static io.wharf.scanner.version.OrderAssertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DpkgVersionSchemeTest {
    private final VersionScheme dpkg = VersionSchemes.DPKG;

    /** deb-version(7): "~~" < "~~a" < "~" < "" < "a"; Debian policy 5.6.12 for epochs and revisions. */
    static final List<List<String>> ORDERS = List.of(
            List.of("1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a"),
            List.of("1.0~rc1", "1.0", "1.0-1", "1.0-2", "1.0a", "1.0+", "1.0.1-1", "1.1", "1.9", "1.10"),
            List.of("2.0", "1:0.9", "1:1.0", "2:0.1"),
            List.of("3.0.11-1~deb12u2", "3.0.13-1~deb12u1", "3.0.13-1", "3.0.17-1~deb12u2"),
            List.of("1.34+dfsg-1.2", "1.34+dfsg-1.2+deb12u1", "1.34+dfsg-1.3", "1.34+dfsg-1.4"),
            List.of("2.36-9+deb12u1", "2.36-9+deb12u3", "2.36-9+deb12u10"),
            List.of("1:1.2.11.dfsg-4.1", "1:1.2.13.dfsg-1", "1:1.3.dfsg-2"),
            List.of("6.4-3", "6.4-4", "6.4+20230625-1"),
            List.of("7.88.1-10+deb12u4", "7.88.1-10+deb12u14", "8.9.1-1"));

    @Test
    void ordersAsDebianDocuments() {
        ORDERS.forEach(order -> assertAscending(dpkg, order));
    }

    @Test
    void equalSpellings() {
        assertSame(dpkg, "0:1.0", "1.0");
        assertSame(dpkg, "1.0", "1.0-0");
        assertSame(dpkg, "1.00", "1.0");
    }

    /** The same table, checked against the real dpkg where this machine has it. */
    @Test
    void agreesWithDpkgCompareVersions() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "dpkg not installed");
        List<String[]> pairs = new ArrayList<>();
        for (List<String> order : ORDERS) {
            for (int i = 0; i + 1 < order.size(); i++) {
                pairs.add(new String[] {order.get(i), order.get(i + 1)});
                pairs.add(new String[] {order.get(i + 1), order.get(i)});
            }
        }
        for (String[] p : pairs) {
            Process proc = new ProcessBuilder("/usr/bin/dpkg", "--compare-versions", p[0], "lt", p[1]).start();
            boolean dpkgSaysLess = proc.waitFor() == 0;
            assertEquals(dpkgSaysLess, dpkg.compare(p[0], p[1]) < 0, p[0] + " lt " + p[1]);
        }
    }
}
