/** Harbor's replication API: rules ({@code /replication/policies}), executions, their tasks and task logs. */
package io.wharf.web.replication;
