package io.wharf.scanner.vulndb;

import java.nio.charset.StandardCharsets;

/**
 * Which record keys an import has already written, in a fixed 2 MB (a Bloom filter: two bits per key): "maybe" for
 * every key added before, and for a few others (about 0.3 % at 500,000 keys). An import only uses a "maybe" to delete
 * the rows of an earlier copy before writing a record again, and a delete that finds nothing is harmless, so the
 * rare false "maybe" costs one statement; memory stays the same whatever the size of the feed.
 */
final class SeenKeys {
    private static final int BITS = 1 << 24;
    private final long[] words = new long[BITS / 64];

    /** Adds the key; true when it may have been added before. */
    boolean add(String key) {
        long h = hash(key);
        int a = (int) h & (BITS - 1);
        int b = (int) (h >>> 32) & (BITS - 1);
        boolean seen = get(a) && get(b);
        set(a);
        set(b);
        return seen;
    }

    private boolean get(int bit) {
        return (words[bit >>> 6] & (1L << bit)) != 0;
    }

    private void set(int bit) {
        words[bit >>> 6] |= 1L << bit;
    }

    /** 64-bit FNV-1a of the key's UTF-8 bytes, mixed (String.hashCode alone has too few bits for two positions). */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte x : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
