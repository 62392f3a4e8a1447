/**
 * The shared Redis connection (Redisson) used by the job queue and health checks.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): config.
 */
package io.wharf.redis;
