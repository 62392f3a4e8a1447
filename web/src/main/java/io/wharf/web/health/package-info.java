/** MicroProfile Health checks of Wharf, its database, Redis and the registry. */
package io.wharf.web.health;
