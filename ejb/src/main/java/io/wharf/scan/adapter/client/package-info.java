/**
 * MicroProfile Rest Client of Harbor's pluggable scanner adapter API v1.0 and the mapping of its errors.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, scan.spi.
 */
package io.wharf.scan.adapter.client;
