package io.wharf.common;

import java.sql.SQLTransactionRollbackException;
import java.util.function.Supplier;

/**
 * Transactions the database rolled back to break a deadlock or a lock wait (Derby's 40001/40XL1,
 * PostgreSQL's 40P01/40001): nothing of them was written, so running them again is safe and is what
 * the caller wants, rather than a 500.
 */
public final class LockConflicts {
    private LockConflicts() {}

    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransactionRollbackException) return true;
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null
                    && s.getSQLState().startsWith("40")) return true;
        }
        return false;
    }

    /** Runs {@code work} (its own transaction) again up to {@code attempts} times while it loses a lock conflict. */
    public static <T> T retry(int attempts, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isConflict(e)) throw e;
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
