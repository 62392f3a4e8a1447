/**
 * Users, projects and project members: entities, repositories and their services.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): audit, common, config, redis.
 */
package io.wharf.project;
