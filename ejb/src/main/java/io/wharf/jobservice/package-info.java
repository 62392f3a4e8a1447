/** The job service: job types, the Redis queue and its workers, schedules, status hooks and job logs. */
package io.wharf.jobservice;
