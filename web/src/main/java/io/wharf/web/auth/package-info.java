/** Harbor v2.0 API for the authentication mode: configurations, LDAP tests and searches, user groups. */
package io.wharf.web.auth;
