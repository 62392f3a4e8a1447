package io.wharf.web.http;

/** A request body went past its limit while it was read (a chunked body says no length up front). */
public class BodyTooLargeException extends RuntimeException {
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    public long limit() { return limit; }
}
