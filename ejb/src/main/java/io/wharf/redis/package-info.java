/** The shared Redis connection (Redisson) used by the job queue and health checks. */
package io.wharf.redis;
