/**
 * The job service: job types, the Redis queue and its workers, schedules, status changes (in-server
 * events, hooks for receivers outside) and job logs.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, redis, lifecycle.
 */
package io.wharf.jobservice;
