package io.wharf.scanner.version;

/**
 * Alpine's version order, ported from apk-tools' {@code version.c}: dotted numbers (a component after a dot with a
 * leading zero compares as a fraction), an optional letter, suffixes where {@code _alpha < _beta < _pre < _rc}
 * sort before the bare version and {@code _cvs < _svn < _git < _hg < _p} after it, then {@code -rN}. One
 * deliberate difference: after a zero component the suffix that follows is still read, so {@code 1.0_rc1 < 1.0}.
 */
public final class ApkVersionScheme implements VersionScheme {
    private static final int INVALID = -1;
    private static final int DIGIT_OR_ZERO = 0;
    private static final int DIGIT = 1;
    private static final int LETTER = 2;
    private static final int SUFFIX = 3;
    private static final int SUFFIX_NO = 4;
    private static final int REVISION_NO = 5;
    private static final int END = 6;

    private static final String[] PRE_SUFFIXES = {"alpha", "beta", "pre", "rc"};
    private static final String[] POST_SUFFIXES = {"cvs", "svn", "git", "hg", "p"};

    @Override
    public String name() {
        return "apk";
    }

    /** A cursor over one version string, with the type of the token it is at. */
    private static final class Cursor {
        final String s;
        int pos;
        int type = DIGIT;

        Cursor(String s) {
            this.s = s;
        }

        int remaining() {
            return s.length() - pos;
        }

        char peek(int offset) {
            return s.charAt(pos + offset);
        }

        void nextToken() {
            int n = INVALID;
            if (remaining() == 0) {
                n = END;
            } else if ((type == DIGIT || type == DIGIT_OR_ZERO) && Character.isLowerCase(peek(0))) {
                n = LETTER;
            } else if (type == LETTER && Character.isDigit(peek(0))) {
                n = DIGIT;
            } else if (type == SUFFIX && Character.isDigit(peek(0))) {
                n = SUFFIX_NO;
            } else {
                switch (peek(0)) {
                    case '.' -> n = DIGIT_OR_ZERO;
                    case '_' -> n = SUFFIX;
                    case '-' -> {
                        if (remaining() > 1 && peek(1) == 'r') {
                            n = REVISION_NO;
                            pos++;
                        }
                    }
                    default -> n = INVALID;
                }
                pos++;
            }
            if (n < type) {
                boolean allowed = (n == DIGIT_OR_ZERO && type == DIGIT)
                        || (n == SUFFIX && type == SUFFIX_NO)
                        || (n == DIGIT && type == LETTER);
                if (!allowed) {
                    n = INVALID;
                }
            }
            type = n;
        }

        long getToken() {
            if (remaining() <= 0) {
                type = END;
                return 0;
            }
            long v = 0;
            int i = 0;
            int nextType = INVALID;
            switch (type) {
                case DIGIT_OR_ZERO:
                    if (peek(0) == '0') {
                        // leading zeros: "1.01" < "1.1", the component compares like a decimal fraction
                        while (i < remaining() && peek(i) == '0') {
                            i++;
                        }
                        nextType = DIGIT;
                        v = -i;
                        break;
                    }
                    // fall through
                case DIGIT:
                case SUFFIX_NO:
                case REVISION_NO:
                    while (i < remaining() && Character.isDigit(peek(i))) {
                        v = v * 10 + (peek(i) - '0');
                        i++;
                    }
                    break;
                case LETTER:
                    v = peek(i);
                    i++;
                    break;
                case SUFFIX: {
                    int k = indexOfPrefix(PRE_SUFFIXES);
                    if (k >= 0) {
                        i = PRE_SUFFIXES[k].length();
                        v = k - PRE_SUFFIXES.length;
                        break;
                    }
                    k = indexOfPrefix(POST_SUFFIXES);
                    if (k >= 0) {
                        i = POST_SUFFIXES[k].length();
                        v = k;
                        break;
                    }
                    type = INVALID;
                    return -1;
                }
                default:
                    type = INVALID;
                    return -1;
            }
            pos += i;
            if (remaining() == 0) {
                type = END;
            } else if (nextType != INVALID && Character.isDigit(peek(0))) {
                type = nextType;
            } else {
                // apk-tools stops at nextType here even before a suffix, which makes "1.0_rc1" newer than "1.0";
                // reading on as after any digit keeps pre-releases before their release, as Alpine documents.
                if (nextType != INVALID) {
                    type = nextType;
                }
                nextToken();
            }
            return v;
        }

        private int indexOfPrefix(String[] candidates) {
            for (int k = 0; k < candidates.length; k++) {
                if (s.startsWith(candidates[k], pos)) {
                    return k;
                }
            }
            return -1;
        }
    }

    @Override
    public int compare(String a, String b) {
        Cursor ca = new Cursor(a.trim());
        Cursor cb = new Cursor(b.trim());
        long av = 0;
        long bv = 0;
        while (ca.type == cb.type && ca.type != END && ca.type != INVALID && av == bv) {
            av = ca.getToken();
            bv = cb.getToken();
        }
        if (av != bv) {
            return av < bv ? -1 : 1;
        }
        if (ca.type == cb.type) {
            return 0;
        }
        // Equal so far: the longer one is newer, unless what follows is a pre-release suffix.
        if (ca.type == SUFFIX && peekSuffix(ca) < 0) {
            return -1;
        }
        if (cb.type == SUFFIX && peekSuffix(cb) < 0) {
            return 1;
        }
        if (ca.type > cb.type) {
            return -1;
        }
        if (cb.type > ca.type) {
            return 1;
        }
        return 0;
    }

    private static long peekSuffix(Cursor c) {
        Cursor copy = new Cursor(c.s);
        copy.pos = c.pos;
        copy.type = c.type;
        return copy.getToken();
    }
}
