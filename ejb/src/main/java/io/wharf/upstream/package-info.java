/**
 * Registries outside Wharf (Harbor's "registry endpoints"): their addresses and sealed credentials,
 * and how Wharf reaches them; proxy cache projects and replication build on these.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): audit, common, config, project.
 */
package io.wharf.upstream;
