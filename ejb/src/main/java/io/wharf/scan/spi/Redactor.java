package io.wharf.scan.spi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Removes credentials from text that may repeat them (a remote scanner's error messages can quote
 * the request, header included). Knows the whole header value, its credential part after the scheme and,
 * for Basic, the decoded {@code user:password} and the password.
 */
public final class Redactor {
    public static final String MASK = "<redacted>";
    /** The most of a remote system's own text a message keeps: enough for a reason, not a whole page. */
    public static final int MAX_QUOTE = 300;

    private final List<String> secrets = new ArrayList<>();

    public Redactor(String... authorizations) {
        for (String authorization : authorizations) {
            if (authorization == null || authorization.isBlank()) {
                continue;
            }
            secrets.add(authorization.strip());
            int space = authorization.strip().indexOf(' ');
            if (space > 0) {
                String credential = authorization.strip().substring(space + 1).strip();
                if (!credential.isEmpty()) {
                    secrets.add(credential);
                    if (authorization.strip().regionMatches(true, 0, "Basic ", 0, 6)) {
                        addBasic(credential);
                    }
                }
            }
        }
        secrets.sort((a, b) -> b.length() - a.length());
    }

    private void addBasic(String encoded) {
        try {
            String userPassword = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            secrets.add(userPassword);
            int colon = userPassword.indexOf(':');
            if (colon >= 0 && colon < userPassword.length() - 1) {
                secrets.add(userPassword.substring(colon + 1));
            }
        } catch (IllegalArgumentException notBase64) {
            // the encoded form alone is masked
        }
    }

    /** A remote system's text fit to quote: credentials masked first, then cut to {@link #MAX_QUOTE}. */
    public String quote(String text) {
        String cleaned = clean(text == null ? "" : text.strip());
        return cleaned.length() <= MAX_QUOTE ? cleaned : cleaned.substring(0, MAX_QUOTE) + "...";
    }

    public String clean(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = text;
        for (String secret : secrets) {
            cleaned = cleaned.replace(secret, MASK);
        }
        return cleaned;
    }
}
