/** Harbor v2.0 API resources for repositories, artifacts, tags and audit logs. */
package io.wharf.web.artifact;
