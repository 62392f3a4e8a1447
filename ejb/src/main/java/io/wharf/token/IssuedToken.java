package io.wharf.token;

import java.time.Instant;
import java.util.List;

/** A signed token and what it says, as the token endpoint reports it. */
public record IssuedToken(String token, long expiresIn, Instant issuedAt, List<Access> access, String refreshToken) {
    public IssuedToken withRefreshToken(String refresh) {
        return new IssuedToken(token, expiresIn, issuedAt, access, refresh);
    }
}
