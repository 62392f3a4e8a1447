package io.wharf.scanner.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python package versions as PEP 440 orders them (what pip and {@code packaging.version.Version} do): epoch
 * ({@code 1!2.0}), release numbers with trailing zeros ignored, pre-releases ({@code a}, {@code b}, {@code rc} and
 * their spellings {@code alpha}, {@code beta}, {@code c}, {@code pre}, {@code preview}), post-releases
 * ({@code .post1}, {@code -1}, {@code rev}, {@code r}), dev releases ({@code .dev0}, before their pre/post/final
 * release), and local versions ({@code +ubuntu1}, after the public version). A string that is not a PEP 440
 * version sorts before every valid one (as pip's old "legacy" versions did), and among such strings by text.
 */
public final class Pep440VersionScheme implements VersionScheme {
    /** The regular expression of PEP 440's appendix B (packaging's VERSION_PATTERN). */
    private static final Pattern VERSION = Pattern.compile(
            "^\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?)"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$",
            Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "pep440";
    }

    @Override
    public int compare(String a, String b) {
        Parsed pa = parse(a);
        Parsed pb = parse(b);
        if (pa == null || pb == null) {
            if (pa != null) {
                return 1;
            }
            if (pb != null) {
                return -1;
            }
            return Integer.signum(a.compareTo(b));
        }
        return pa.compareTo(pb);
    }

    /** Whether the string is a valid PEP 440 version. */
    public static boolean isValid(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    /**
     * A parsed version. Numbers are kept as digit strings without leading zeros (versions such as dates can exceed
     * a long). {@code pre}/{@code post}/{@code dev} are null when absent.
     */
    private record Parsed(String epoch, List<String> release, Integer preRank, String preNumber, String post,
                          String dev, List<String> local) implements Comparable<Parsed> {
        @Override
        public int compareTo(Parsed o) {
            int c = compareNumbers(epoch, o.epoch);
            if (c != 0) {
                return c;
            }
            c = compareRelease(release, o.release);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(preKey(), o.preKey());
            if (c != 0) {
                return c;
            }
            if (preRank != null && o.preRank != null) {
                c = compareNumbers(preNumber, o.preNumber);
                if (c != 0) {
                    return c;
                }
            }
            // no post-release sorts before any post-release
            c = compareOptional(post, o.post, false);
            if (c != 0) {
                return c;
            }
            // no dev release sorts after any dev release
            c = compareOptional(dev, o.dev, true);
            if (c != 0) {
                return c;
            }
            return compareLocal(local, o.local);
        }

        /**
         * Where the pre-release part puts the version: a dev release of the final release ({@code 1.0.dev1}, no
         * pre or post part) before every pre-release, the final release after them.
         */
        private int preKey() {
            if (preRank == null && post == null && dev != null) {
                return -1;
            }
            return preRank == null ? 3 : preRank;
        }
    }

    private static Parsed parse(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return null;
        }
        String epoch = number(m.group("epoch"));
        List<String> release = new ArrayList<>();
        for (String part : m.group("release").split("\\.")) {
            release.add(number(part));
        }
        while (release.size() > 1 && release.get(release.size() - 1).equals("0")) {
            release.remove(release.size() - 1);
        }
        Integer preRank = null;
        String preNumber = null;
        if (m.group("pre") != null) {
            preRank = switch (m.group("preL").toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> 0;
                case "b", "beta" -> 1;
                default -> 2; // rc, c, pre, preview
            };
            preNumber = number(m.group("preN"));
        }
        String post = null;
        if (m.group("post") != null) {
            post = number(m.group("postN1") != null ? m.group("postN1") : m.group("postN2"));
        }
        String dev = m.group("dev") != null ? number(m.group("devN")) : null;
        List<String> local = null;
        if (m.group("local") != null) {
            local = List.of(m.group("local").toLowerCase(Locale.ROOT).split("[-_.]"));
        }
        return new Parsed(epoch, release, preRank, preNumber, post, dev, local);
    }

    /** Digits without leading zeros; an absent number is 0. */
    private static String number(String digits) {
        if (digits == null || digits.isEmpty()) {
            return "0";
        }
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static int compareNumbers(String a, String b) {
        int c = Integer.compare(a.length(), b.length());
        return c != 0 ? Integer.signum(c) : Integer.signum(a.compareTo(b));
    }

    /** Release segments, the shorter padded with zeros (trailing zeros were already dropped). */
    private static int compareRelease(List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = compareNumbers(i < a.size() ? a.get(i) : "0", i < b.size() ? b.get(i) : "0");
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Absent sorts last when {@code absentIsGreatest}, else first; present values by number. */
    private static int compareOptional(String a, String b, boolean absentIsGreatest) {
        if (a == null || b == null) {
            if (a == null && b == null) {
                return 0;
            }
            return (a == null) == absentIsGreatest ? 1 : -1;
        }
        return compareNumbers(a, b);
    }

    /**
     * No local part sorts first; segments compare one by one, numbers by value and after any text, text
     * (lower-cased) alphabetically; a longer local version after its own prefix.
     */
    private static int compareLocal(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xNum = isDigits(x);
            boolean yNum = isDigits(y);
            int c;
            if (xNum && yNum) {
                c = compareNumbers(number(x), number(y));
            } else if (xNum != yNum) {
                c = xNum ? 1 : -1;
            } else {
                c = Integer.signum(x.compareTo(y));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.signum(Integer.compare(a.size(), b.size()));
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }
}
