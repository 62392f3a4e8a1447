package io.wharf.web.http;

/**
 * Paths no Wharf resource has: no project, repository, tag, digest or portal file name contains
 * a byte outside printable ASCII, and a {@code .} or {@code ..} segment (even percent-encoded)
 * is an attempt to step outside the resource named before it.
 */
final class PathCheck {
    private PathCheck() {}

    /** Why the raw request path is refused, or null. */
    static String problem(String rawPath) {
        if (rawPath == null) return "the request has no path";
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c > 0x7e) return "the path may contain only printable ASCII";
            if (c == '%') {
                if (i + 2 >= rawPath.length()) return "the path has a malformed percent-encoding";
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return "the path has a malformed percent-encoding";
                int b = hi * 16 + lo;
                if (b < 0x20 || b > 0x7e) return "the path may contain only printable ASCII";
                // %25 stays encoded: Harbor's API encodes a repository's slash twice (tools%252Fgcc).
                decoded.append(b == '%' ? "%25" : String.valueOf((char) b));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        for (String segment : decoded.toString().split("[/\\\\]", -1)) {
            if (segment.equals(".") || segment.equals("..")) return "the path may not contain '.' or '..' segments";
        }
        return null;
    }
}
