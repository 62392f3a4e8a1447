/** Prometheus metrics: Harbor's names for projects, pulls and jobs, Wharf's own for scans, the queue and the vulnerability data. */
package io.wharf.metrics;
