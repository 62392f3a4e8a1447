package io.wharf.registry;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/** Writes one audit entry in a transaction of its own, for operations that run outside one (registry calls). */
@Stateless
public class AuditEntries {
    @Inject AuditLog audit;

    public void add(AuditLogEntry entry) { audit.add(entry); }
}
