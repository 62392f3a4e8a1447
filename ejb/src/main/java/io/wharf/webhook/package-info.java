/**
 * Webhooks: project policies, the events they hear (pushes, pulls, deletes, scans, ...), and their delivery as WEBHOOK jobs.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, audit, project, jobservice, quota, registry, retention, scan, webhook.event, lifecycle.
 */
package io.wharf.webhook;
