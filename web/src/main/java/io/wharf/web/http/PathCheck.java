package io.wharf.web.http;

/**
 * Paths and query strings no Wharf resource takes. No project, repository, tag, digest or portal
 * file name contains a byte outside printable ASCII, and a {@code .} or {@code ..} segment (even
 * percent-encoded), or an encoded slash, is an attempt to step outside the resource named before
 * it (the server itself refuses those before Wharf sees them). Characters a URI may not carry
 * ({@code "<>\^`{|}} and the like) are refused before they reach code that parses the URI.
 */
final class PathCheck {
    private PathCheck() {}

    /** Why the request is refused, with the status to answer. */
    record Problem(int status, String message) {}

    private static final String PATH_CHARS = "-._~!$&'()*+,;=:@/%";
    private static final String QUERY_CHARS = PATH_CHARS + "?";

    /** Why the raw request path and query are refused, or null. */
    static Problem problem(String rawPath, String rawQuery) {
        Problem p = problem(rawPath);
        if (p != null || rawQuery == null) return p;
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (!legal(c, QUERY_CHARS)) return new Problem(400, "the query string may contain only URI characters");
            if (c == '%' && (i + 2 >= rawQuery.length() || Character.digit(rawQuery.charAt(i + 1), 16) < 0
                    || Character.digit(rawQuery.charAt(i + 2), 16) < 0)) {
                return new Problem(400, "the query string has a malformed percent-encoding");
            }
        }
        return null;
    }

    static Problem problem(String rawPath) {
        if (rawPath == null) return new Problem(400, "the request has no path");
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c > 0x7e) return new Problem(400, "the path may contain only printable ASCII");
            if (!legal(c, PATH_CHARS)) return new Problem(400, "the path may contain only URI characters");
            if (c == '%') {
                if (i + 2 >= rawPath.length()) return new Problem(400, "the path has a malformed percent-encoding");
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return new Problem(400, "the path has a malformed percent-encoding");
                int b = hi * 16 + lo;
                if (b < 0x20 || b > 0x7e) return new Problem(400, "the path may contain only printable ASCII");
                if (b == '/' || b == '\\') return new Problem(400, "the path may not contain an encoded slash");
                // %25 stays encoded: Harbor's API encodes a repository's slash twice (tools%252Fgcc).
                decoded.append(b == '%' ? "%25" : String.valueOf((char) b));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        for (String segment : decoded.toString().split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) return new Problem(404, "no such resource");
        }
        return null;
    }

    private static boolean legal(char c, String extra) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.indexOf(c) >= 0;
    }
}
