package io.wharf.scanner.vulndb;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * One writer of generations at a time in this JVM (imports, feed updates, archive imports): a manual import copies
 * a source's current generation, and two at once would each swap in a copy missing the other's records. Also holds
 * how long a retired generation stays readable.
 */
public final class GenerationLock {
    public static final ReentrantLock LOCK = new ReentrantLock();
    private static final Logger LOG = Logger.getLogger(GenerationLock.class.getName());
    /** How long the rows of a replaced generation are kept for scans that started before the swap. */
    private static volatile Duration grace = Duration.ofMinutes(10);

    private GenerationLock() {
    }

    public static Duration grace() {
        return grace;
    }

    public static void setGrace(Duration value) {
        grace = value;
    }

    /** Deletes generations past their grace; a failure only delays that to the next update. */
    public static void purgeQuietly(VulnStore store) {
        try {
            store.purgeRetired(grace);
        } catch (SQLException | RuntimeException e) {
            LOG.warning("old vulnerability data not deleted yet: " + e.getMessage());
        }
    }
}
