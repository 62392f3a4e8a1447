package io.wharf.web.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The user name and password of an {@code Authorization: Basic} header. */
public record BasicCredentials(String username, String password) {
    public static Optional<BasicCredentials> parse(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) return Optional.empty();
            return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() { return "BasicCredentials[" + username + "]"; }
}
