package io.wharf.scanner.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic Versioning 2.0.0 precedence (section 11), used for npm. Lenient like npm's loose mode: a leading
 * {@code v} or {@code =} is dropped and missing minor/patch count as 0 (OSV records contain e.g. {@code 1.0}).
 * Build metadata is ignored.
 */
public final class SemverScheme implements VersionScheme {
    private static final Pattern SEMVER = Pattern.compile(
            "^[v=]?\\s*(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$");

    @Override
    public String name() {
        return "semver";
    }

    private record Parsed(long[] core, List<String> pre) {
    }

    private static Parsed parse(String v) {
        Matcher m = SEMVER.matcher(v.trim());
        if (!m.matches()) {
            return null;
        }
        long[] core = new long[3];
        for (int i = 0; i < 3; i++) {
            String g = m.group(i + 1);
            core[i] = g == null ? 0 : parseNumber(g);
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        return new Parsed(core, pre);
    }

    private static long parseNumber(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public int compare(String a, String b) {
        Parsed pa = parse(a);
        Parsed pb = parse(b);
        if (pa == null || pb == null) {
            // Not semver at all: fall back to a natural order so the result is still deterministic.
            return naturalCompare(a.trim(), b.trim());
        }
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(pa.core[i], pb.core[i]);
            if (c != 0) {
                return c;
            }
        }
        // A version with a pre-release has lower precedence than the same version without.
        if (pa.pre.isEmpty() || pb.pre.isEmpty()) {
            return Boolean.compare(pa.pre.isEmpty(), pb.pre.isEmpty());
        }
        for (int i = 0; i < Math.min(pa.pre.size(), pb.pre.size()); i++) {
            int c = compareIdentifier(pa.pre.get(i), pb.pre.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.pre.size(), pb.pre.size());
    }

    private static boolean numeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static int compareIdentifier(String x, String y) {
        boolean nx = numeric(x);
        boolean ny = numeric(y);
        if (nx && ny) {
            return Long.compare(parseNumber(x), parseNumber(y));
        }
        if (nx != ny) {
            return nx ? -1 : 1; // numeric identifiers sort before alphanumeric ones
        }
        return Integer.signum(x.compareTo(y));
    }

    static int naturalCompare(String a, String b) {
        List<String> ta = tokens(a);
        List<String> tb = tokens(b);
        for (int i = 0; i < Math.min(ta.size(), tb.size()); i++) {
            int c = compareIdentifier(ta.get(i), tb.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ta.size(), tb.size());
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+|[A-Za-z]+").matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
