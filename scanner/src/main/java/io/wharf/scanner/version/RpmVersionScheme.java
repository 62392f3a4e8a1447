package io.wharf.scanner.version;

/**
 * rpm's version order ({@code rpmverCmp}/{@code rpmvercmp} of rpm 4.18): an {@code [epoch:]version[-release]} is
 * compared epoch first (missing is 0), then version, then release. Each part is split into runs of digits and runs
 * of letters, everything else only separating them; numbers compare as numbers, a number beats letters, {@code ~}
 * sorts before anything (even the end: {@code 1.0~rc1 < 1.0}) and {@code ^} after the end but before anything else
 * ({@code 1.0 < 1.0^git1 < 1.0.1}). A version without release sorts before the same version with one.
 */
public final class RpmVersionScheme implements VersionScheme {
    @Override
    public String name() {
        return "rpm";
    }

    @Override
    public int compare(String a, String b) {
        Evr x = Evr.parse(a);
        Evr y = Evr.parse(b);
        int c = Long.compare(x.epoch, y.epoch);
        if (c != 0) {
            return c;
        }
        c = rpmvercmp(x.version, y.version);
        if (c != 0) {
            return c;
        }
        return rpmvercmp(x.release, y.release);
    }

    /** An {@code [epoch:]version[-release]} split as rpm's {@code rpmverParse} does (release after the last '-'). */
    private record Evr(long epoch, String version, String release) {
        static Evr parse(String evr) {
            String s = evr == null ? "" : evr.strip();
            int digits = 0;
            while (digits < s.length() && Character.isDigit(s.charAt(digits)) && s.charAt(digits) < 128) {
                digits++;
            }
            long epoch = 0;
            if (digits < s.length() && s.charAt(digits) == ':') {
                epoch = digits == 0 ? 0 : parseEpoch(s.substring(0, digits));
                s = s.substring(digits + 1);
            }
            int dash = s.lastIndexOf('-');
            return dash >= 0 ? new Evr(epoch, s.substring(0, dash), s.substring(dash + 1)) : new Evr(epoch, s, "");
        }

        private static long parseEpoch(String digits) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException tooLong) {
                return Long.MAX_VALUE;
            }
        }
    }

    /** rpm's {@code rpmvercmp} for one part (version or release). */
    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && isSeparator(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && isSeparator(b.charAt(j))) {
                j++;
            }
            char ca = i < a.length() ? a.charAt(i) : 0;
            char cb = j < b.length() ? b.charAt(j) : 0;
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (ca == 0) {
                    return -1;
                }
                if (cb == 0) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == 0 || cb == 0) {
                break;
            }
            boolean numeric = isDigit(ca);
            int endA = i;
            int endB = j;
            if (numeric) {
                while (endA < a.length() && isDigit(a.charAt(endA))) {
                    endA++;
                }
                while (endB < b.length() && isDigit(b.charAt(endB))) {
                    endB++;
                }
            } else {
                while (endA < a.length() && isAlpha(a.charAt(endA))) {
                    endA++;
                }
                while (endB < b.length() && isAlpha(b.charAt(endB))) {
                    endB++;
                }
            }
            if (endB == j) {
                return numeric ? 1 : -1; // segments of different kinds: the number is newer
            }
            String segA = a.substring(i, endA);
            String segB = b.substring(j, endB);
            if (numeric) {
                segA = stripZeros(segA);
                segB = stripZeros(segB);
                if (segA.length() != segB.length()) {
                    return segA.length() > segB.length() ? 1 : -1;
                }
            }
            int c = segA.compareTo(segB);
            if (c != 0) {
                return c < 0 ? -1 : 1;
            }
            i = endA;
            j = endB;
        }
        boolean aDone = i >= a.length();
        boolean bDone = j >= b.length();
        if (aDone && bDone) {
            return 0;
        }
        return aDone ? -1 : 1;
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    private static boolean isSeparator(char c) {
        return !isDigit(c) && !isAlpha(c) && c != '~' && c != '^';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
