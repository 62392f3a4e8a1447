-- Executions still in progress are looked for every minute on every server (the lost-planning sweep) and before a
-- rule is deleted; every push of an event-based rule adds an execution, so these lookups must not read them all.
CREATE INDEX IX_replication_execution_status ON replication_execution (status);
