package io.wharf.scanner;

/**
 * What an update did for one source.
 *
 * @param outcome {@code updated} (new data is current), {@code not-modified} (the server said nothing changed),
 *                {@code failed} (old data kept; {@code error} says why) or {@code skipped} (still backing off after
 *                failures; {@code error} says until when)
 * @param records the source's records now current
 */
public record SourceUpdate(String name, String outcome, int records, String error) {
    public static final String UPDATED = "updated";
    public static final String NOT_MODIFIED = "not-modified";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
}
