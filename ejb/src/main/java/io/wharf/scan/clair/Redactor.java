package io.wharf.scan.clair;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes credentials from text that may repeat them (Clair's error messages can quote the layer
 * request, header included). Knows the whole header value and its credential part after the scheme.
 */
final class Redactor {
    static final String MASK = "<redacted>";

    private final List<String> secrets = new ArrayList<>();

    Redactor(String... authorizations) {
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
                }
            }
        }
        secrets.sort((a, b) -> b.length() - a.length());
    }

    String clean(String text) {
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
