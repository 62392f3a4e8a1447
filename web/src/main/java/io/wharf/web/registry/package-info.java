/** The /v2 gateway: the token check before the registry and the streaming proxy to it. */
package io.wharf.web.registry;
