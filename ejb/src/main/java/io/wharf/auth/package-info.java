/**
 * The authentication mode (Wharf's own users or an LDAP directory) and the LDAP client: settings,
 * search and bind, filter escaping, onboarding of directory users through the project domain.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): audit, common, config, project.
 */
package io.wharf.auth;
