package io.wharf.it.support;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What an answer must never show a client: a stack trace, a Java class name, the server's own error page or version. */
public final class Leaks {
    private static final Pattern STACK = Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|Exception\\b|\\bjava\\.(lang|io|util)\\.|\\b(com\\.ibm|io\\.openliberty|org\\.jboss|io\\.wharf)\\.");
    private static final List<String> SERVER = List.of("open liberty", "websphere", "srve0", "cwwk", "error 404:", "error 500:", "<html");

    private Leaks() {}

    /** What leaks from this answer, or null. {@code htmlAllowed} for the portal's own page. */
    public static String in(String head, String body, boolean htmlAllowed) {
        if (body != null && STACK.matcher(body).find()) return "stack trace or class name in the body";
        String lower = body == null ? "" : body.toLowerCase(Locale.ROOT);
        for (String s : SERVER) {
            if (s.equals("<html") && htmlAllowed) continue;
            if (lower.contains(s)) return "server page text '" + s + "' in the body";
        }
        String h = head == null ? "" : head.toLowerCase(Locale.ROOT);
        if (h.contains("x-powered-by")) return "X-Powered-By header";
        if (h.contains("\nserver:") && (h.contains("liberty") || h.contains("websphere"))) return "Server header names the server";
        return null;
    }
}
