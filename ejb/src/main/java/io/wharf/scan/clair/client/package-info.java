/**
 * MicroProfile Rest Client of the Clair v4 indexer and matcher APIs and the mapping of their errors.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, scan.spi.
 */
package io.wharf.scan.clair.client;
