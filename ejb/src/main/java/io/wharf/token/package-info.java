/** The Docker token service: credentials, scopes, role-to-action rules and signed registry tokens. */
package io.wharf.token;
