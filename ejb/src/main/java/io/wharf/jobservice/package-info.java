/** The job service: job types, the Redis queue and its workers, schedules, status changes (in-server events, hooks for receivers outside) and job logs. */
package io.wharf.jobservice;
