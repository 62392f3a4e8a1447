/**
 * Replication (Harbor's replication rules): policies, their executions and tasks, and the copy of
 * artifacts between Wharf and other registries as IMAGE_REPLICATE jobs.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): audit, common, config, jobservice, notification, project, registry, upstream, lifecycle.
 */
package io.wharf.replication;
