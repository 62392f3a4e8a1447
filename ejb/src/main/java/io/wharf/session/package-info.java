/**
 * Portal sign-in sessions: random ids kept in Redis, each with its own CSRF token.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, redis, project.
 */
package io.wharf.session;
