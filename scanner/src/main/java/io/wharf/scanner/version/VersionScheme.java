package io.wharf.scanner.version;

import java.util.Comparator;

/** The order of versions in one packaging ecosystem. Comparisons never throw: odd versions still get an order. */
public interface VersionScheme extends Comparator<String> {
    /** Name used in messages, e.g. {@code dpkg}. */
    String name();
}
