package io.wharf.scanner.version;

/**
 * Debian's version order (deb-version(7)): {@code [epoch:]upstream[-revision]}, compared epoch first, then
 * upstream and revision with dpkg's {@code verrevcmp}: non-digit runs compare char by char where {@code ~} sorts
 * before everything (even the end of the string), letters before other characters; digit runs compare as numbers.
 */
public final class DpkgVersionScheme implements VersionScheme {
    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public int compare(String a, String b) {
        Parsed pa = Parsed.of(a);
        Parsed pb = Parsed.of(b);
        int c = Long.compare(pa.epoch, pb.epoch);
        if (c != 0) {
            return c;
        }
        c = verrevcmp(pa.upstream, pb.upstream);
        if (c != 0) {
            return c;
        }
        return verrevcmp(pa.revision, pb.revision);
    }

    private record Parsed(long epoch, String upstream, String revision) {
        static Parsed of(String v) {
            String s = v.trim();
            long epoch = 0;
            int colon = s.indexOf(':');
            if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
                epoch = Long.parseLong(s.substring(0, colon));
                s = s.substring(colon + 1);
            }
            int dash = s.lastIndexOf('-');
            return dash >= 0 ? new Parsed(epoch, s.substring(0, dash), s.substring(dash + 1)) : new Parsed(epoch, s, "");
        }
    }

    private static int order(int c) {
        if (isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c == 0 ? 0 : c + 256;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    /** Straight port of dpkg's lib/dpkg/version.c verrevcmp. */
    static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !isDigit(at(a, i))) || (j < b.length() && !isDigit(at(b, j)))) {
                int ac = order(at(a, i));
                int bc = order(at(b, j));
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (at(a, i) == '0') {
                i++;
            }
            while (at(b, j) == '0') {
                j++;
            }
            while (isDigit(at(a, i)) && isDigit(at(b, j))) {
                if (firstDiff == 0) {
                    firstDiff = at(a, i) - at(b, j);
                }
                i++;
                j++;
            }
            if (isDigit(at(a, i))) {
                return 1;
            }
            if (isDigit(at(b, j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }
}
