/**
 * Proxy cache projects: a project bound to a registry endpoint serves pulls from that registry on a miss and from Wharf's registry after.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, gc, metrics, notification, project, quota, redis, registry, upstream.
 */
package io.wharf.proxy;
