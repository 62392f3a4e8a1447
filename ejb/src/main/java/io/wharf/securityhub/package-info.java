/**
 * The security hub: what is vulnerable across every project (severity totals, the most dangerous artifacts and
 * vulnerabilities) and a searchable list of every finding with the artifact it was found in.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, registry, scan.
 */
package io.wharf.securityhub;
