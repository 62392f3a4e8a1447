/**
 * The requests a freshly started server sends itself before it reports ready, so that it joins a fleet warm.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): config, registry, token, lifecycle.
 */
package io.wharf.warmup;
