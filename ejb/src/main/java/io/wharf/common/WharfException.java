package io.wharf.common;

import jakarta.ejb.ApplicationException;

/**
 * A failure the caller caused or may act on. Carries the HTTP status and the Harbor-style error
 * code so the web layer can answer in the API's own error format without knowing the domain.
 */
@ApplicationException(rollback = true)
public class WharfException extends RuntimeException {
    private final int status;
    private final String code;

    public WharfException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }
    public String code() { return code; }

    public static WharfException badRequest(String message) { return new WharfException(400, "BAD_REQUEST", message); }
    public static WharfException unauthorized(String message) { return new WharfException(401, "UNAUTHORIZED", message); }
    public static WharfException forbidden(String message) { return new WharfException(403, "FORBIDDEN", message); }
    public static WharfException notFound(String message) { return new WharfException(404, "NOT_FOUND", message); }
    public static WharfException conflict(String message) { return new WharfException(409, "CONFLICT", message); }
    public static WharfException unavailable(String message) { return new WharfException(503, "SERVICE_UNAVAILABLE", message); }
}
