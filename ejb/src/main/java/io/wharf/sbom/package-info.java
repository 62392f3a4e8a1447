/**
 * SBOM generation: an artifact's CycloneDX SBOM built from the embedded scanner's inventory and stored in the registry as an accessory of the artifact.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, project, jobservice, registry, notification, scan, scan.spi.
 */
package io.wharf.sbom;
