/** Who the caller is: Basic credentials, the portal's session cookie (with its CSRF token) and the internal secret. */
package io.wharf.web.security;
