/**
 * Vulnerability scanning: the embedded scanner's database and scans run by the server.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, redis, audit, project, jobservice, registry, registry.client, token, notification, scan.spi, lifecycle.
 */
package io.wharf.scan;
