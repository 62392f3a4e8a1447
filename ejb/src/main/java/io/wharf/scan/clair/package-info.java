/**
 * The Clair v4 scanner: indexes an image in Clair, then turns its vulnerability report into findings.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, scan.spi, scan.clair.client.
 */
package io.wharf.scan.clair;
