package io.wharf.throttle;

import io.wharf.audit.AuditLog;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Writes each sign-in lock to the audit log, in a transaction of its own. */
@Stateless
public class LockAudit {
    private static final Logger LOG = Logger.getLogger(LockAudit.class.getName());

    @Inject AuditLog audit;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void locked(String user, String what) {
        LOG.warning("Sign-in locked: " + what);
        audit.add(SignInGuard.entry(user, what));
    }
}
