/** Harbor v2.0 API resources for users, projects and members. */
package io.wharf.web.project;
