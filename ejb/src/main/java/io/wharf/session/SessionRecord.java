package io.wharf.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What Redis holds for a session, and under which key. The key is a hash of the session id, so
 * whoever reads Redis (or its append-only file) cannot take over a session from what is stored.
 */
record SessionRecord(long userId, String csrfToken, String passwordStamp, long signedInAtMillis) {
    SessionRecord(long userId, String csrfToken, String passwordStamp) {
        this(userId, csrfToken, passwordStamp, System.currentTimeMillis());
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** 256 random bits, URL-safe: fit for a cookie value and a header. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean looksLikeSecret(String value) {
        return value != null && value.length() == 43 && value.matches("[A-Za-z0-9_-]+");
    }

    static String key(String namespace, String sessionId) {
        return namespace + ":session:" + sha256(sessionId);
    }

    /**
     * A short fingerprint of the user's stored password hash: a password change alters it, which
     * ends every session signed in with the old password.
     */
    static String stamp(String passwordHash) {
        return sha256(passwordHash).substring(0, 16);
    }

    String encode() { return userId + " " + csrfToken + " " + passwordStamp + " " + signedInAtMillis; }

    static Optional<SessionRecord> decode(String value) {
        if (value == null) return Optional.empty();
        String[] parts = value.split(" ");
        if (parts.length < 3 || parts.length > 4 || !parts[0].matches("\\d{1,18}")) return Optional.empty();
        // A session written before the sign-in time was kept counts as signed in at 0: any revocation ends it.
        long at = parts.length == 4 && parts[3].matches("\\d{1,18}") ? Long.parseLong(parts[3]) : 0;
        return Optional.of(new SessionRecord(Long.parseLong(parts[0]), parts[1], parts[2], at));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() { return "SessionRecord[" + userId + "]"; }
}
