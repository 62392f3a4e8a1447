/**
 * Slowing down and locking out repeated failed sign-ins, per user name, per client address and per both.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): audit, redis.
 */
package io.wharf.throttle;
