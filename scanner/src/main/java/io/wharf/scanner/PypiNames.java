package io.wharf.scanner;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Python package names as PEP 503 normalises them: runs of {@code -}, {@code _} and {@code .} become one {@code -},
 * lower case. {@code Jinja2}, {@code PyYAML} and {@code zope.interface} in a METADATA file are {@code jinja2},
 * {@code pyyaml} and {@code zope-interface} in advisories; installed names and advisory names both go through this.
 */
public final class PypiNames {
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private PypiNames() {
    }

    public static String normalise(String name) {
        return SEPARATORS.matcher(name.strip()).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
