/**
 * Prometheus metrics: Harbor's names for projects, pulls and jobs, Wharf's own for scans, the queue and the vulnerability data.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): jobservice, project, scan, lifecycle.
 */
package io.wharf.metrics;
