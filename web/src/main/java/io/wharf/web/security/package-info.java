/** Who the caller is: Basic credentials and the internal secret, checked before resources run. */
package io.wharf.web.security;
