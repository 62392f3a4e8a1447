/** The Docker token endpoint /service/token (GET and the OAuth2 POST form). */
package io.wharf.web.token;
