/**
 * The CDI event any domain fires for a webhook (quota, retention, replication ...): no dependencies, so firing it makes no cycle.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): nothing.
 */
package io.wharf.webhook.event;
