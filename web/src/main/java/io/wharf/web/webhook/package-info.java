/**
 * Harbor's webhook endpoints: a project's policies, the supported event types, executions, tasks and their logs.
 */
package io.wharf.web.webhook;
