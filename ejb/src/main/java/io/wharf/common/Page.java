package io.wharf.common;

import java.util.List;

/** One page of a listing and the total it was cut from (for X-Total-Count and Link headers). */
public record Page<T>(List<T> items, long total, int page, int pageSize) {
    public static final int DEFAULT_SIZE = 10;
    public static final int MAX_SIZE = 100;

    /** Harbor's paging rules: pages start at 1, size defaults to 10 and is capped at 100. */
    public static int[] normalize(Integer page, Integer pageSize) {
        int p = page == null ? 1 : page;
        int s = pageSize == null ? DEFAULT_SIZE : pageSize;
        if (p < 1) throw WharfException.badRequest("page must be 1 or more");
        if (s < 1 || s > MAX_SIZE) throw WharfException.badRequest("page_size must be between 1 and " + MAX_SIZE);
        return new int[] {p, s};
    }

    public int firstResult() { return (page - 1) * pageSize; }
}
