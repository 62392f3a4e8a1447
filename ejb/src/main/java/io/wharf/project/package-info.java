/** Users, projects and project members: entities, repositories and their services. */
package io.wharf.project;
