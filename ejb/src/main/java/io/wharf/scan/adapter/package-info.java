/**
 * The scanner adapter scanner: any scanner behind Harbor's pluggable scanner adapter API v1.0 (Trivy's adapter, for one).
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, scan.spi, scan.adapter.client.
 */
package io.wharf.scan.adapter;
