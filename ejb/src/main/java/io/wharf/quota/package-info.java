/**
 * Project quotas: a storage limit per project, its usage (each blob once per project), refusals of pushes that would exceed it.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, audit, project, gc.
 */
package io.wharf.quota;
