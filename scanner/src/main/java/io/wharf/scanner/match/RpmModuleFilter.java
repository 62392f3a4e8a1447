package io.wharf.scanner.match;

import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.analyzer.FoundPackage;
import io.wharf.scanner.vulndb.AffectedRow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps module streams apart (RHEL 8 "Application Streams"). An rpm built in a module has a MODULARITYLABEL
 * ({@code nodejs:16:8080020230607100314:b0a9d20e}) and a {@code .module_el8…} / {@code .module+el8…} release;
 * AlmaLinux, Rocky and Red Hat publish one advisory per stream, naming it in the summary ("Important: nodejs:16
 * security update"), with the affected entries under the plain package name. Comparing a {@code nodejs:16} build
 * with the {@code nodejs:18} advisory's fix would report every 16.x as vulnerable, so an entry applies only:
 * to a modular package when its fix is a module build and the advisory names the package's {@code name:stream}
 * (or names no stream at all); to a non-modular package when its fix is not a module build.
 */
final class RpmModuleFilter {
    /** {@code name:stream} tokens in an advisory summary, e.g. {@code nodejs:16}, {@code container-tools:rhel8}. */
    private static final Pattern STREAM = Pattern.compile("(?<![\\w.+-])([A-Za-z0-9][\\w.+-]*):([\\w.+-]+)");

    private RpmModuleFilter() {
    }

    interface Summary {
        String get() throws java.sql.SQLException;
    }

    static boolean applies(InstalledPackage p, AffectedRow row, Summary summary) throws java.sql.SQLException {
        if (!FoundPackage.RPM.equals(p.type())) {
            return true;
        }
        String label = p.attributes().get(FoundPackage.MODULARITY_LABEL);
        boolean moduleFix = row.ranges() != null
                && (row.ranges().contains(".module_el") || row.ranges().contains(".module+el"));
        if (label == null || label.isEmpty()) {
            return !moduleFix;
        }
        if (!moduleFix) {
            return false;
        }
        String[] parts = label.split(":");
        if (parts.length < 2) {
            return true;
        }
        String stream = parts[0] + ":" + parts[1];
        String text = summary.get();
        if (text == null) {
            return true;
        }
        Matcher m = STREAM.matcher(text);
        boolean namesAStream = false;
        while (m.find()) {
            namesAStream = true;
            if (m.group().equals(stream)) {
                return true;
            }
        }
        return !namesAStream;
    }
}
