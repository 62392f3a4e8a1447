package io.wharf.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LockConflictsTest {
    private static RuntimeException deadlock() {
        // As EclipseLink and the EJB container wrap Derby's deadlock.
        return new jakarta.ejb.EJBException(new RuntimeException("EclipseLink-4002",
                new SQLTransactionRollbackException("A lock could not be obtained due to a deadlock", "40001")));
    }

    @Test
    void aDeadlockedAttemptIsRunAgainAndItsResultReturned() {
        AtomicInteger calls = new AtomicInteger();
        String result = LockConflicts.retry(3, () -> {
            if (calls.incrementAndGet() < 3) throw deadlock();
            return "created";
        });
        assertEquals("created", result);
        assertEquals(3, calls.get());
    }

    @Test
    void otherFailuresAndTheLastDeadlockReachTheCaller() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException other = new IllegalStateException("no such project");
        assertSame(other, assertThrows(IllegalStateException.class, () -> LockConflicts.retry(3, () -> {
            calls.incrementAndGet();
            throw other;
        })));
        assertEquals(1, calls.get(), "not a lock conflict: not retried");
        calls.set(0);
        assertThrows(jakarta.ejb.EJBException.class, () -> LockConflicts.retry(3, () -> {
            calls.incrementAndGet();
            throw deadlock();
        }));
        assertEquals(3, calls.get());
    }

    @Test
    void conflictsAreToldByTheirSqlState() {
        assertTrue(LockConflicts.isConflict(new RuntimeException(new SQLException("deadlock detected", "40P01"))));
        assertFalse(LockConflicts.isConflict(new RuntimeException(new SQLException("unique violation", "23505"))));
    }
}
