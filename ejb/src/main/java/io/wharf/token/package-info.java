/**
 * The Docker token service: credentials, scopes, role-to-action rules and signed registry tokens.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, redis, project, registry.
 */
package io.wharf.token;
