package io.wharf.scanner.version;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** Checks a documented ascending order in both directions, so a comparator that answers 0 everywhere fails. */
final class OrderAssertions {
    private OrderAssertions() {
    }

    static void assertAscending(VersionScheme scheme, List<String> versions) {
        for (int i = 0; i < versions.size(); i++) {
            for (int j = 0; j < versions.size(); j++) {
                String a = versions.get(i);
                String b = versions.get(j);
                assertEquals(Integer.signum(Integer.compare(i, j)), Integer.signum(scheme.compare(a, b)),
                        scheme.name() + ": compare(" + a + ", " + b + ")");
            }
        }
    }

    static void assertSame(VersionScheme scheme, String a, String b) {
        assertEquals(0, scheme.compare(a, b), scheme.name() + ": " + a + " = " + b);
        assertEquals(0, scheme.compare(b, a), scheme.name() + ": " + b + " = " + a);
    }
}
