package io.wharf.replication;

/** A replication rule as checked, ready to be stored. */
record ReplicationRule(String name, String description, Long srcRegistryId, Long destRegistryId, String destNamespace,
                       int destNamespaceReplaceCount, String triggerType, String cron, ReplicationFilters filters,
                       boolean replicateDeletion, boolean override, boolean enabled, int speed) {}
