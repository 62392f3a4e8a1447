package io.wharf.scan;

/** Why a scan ran: a user asked, a push, the scan of everything, or a batch job submitted directly. */
public enum ScanTrigger {
    MANUAL, PUSH, SCAN_ALL, BATCH
}
