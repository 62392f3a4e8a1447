/**
 * Counts across projects for Harbor's {@code /statistics} and the matches for its {@code /search}, as the caller may see them.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): project, registry, quota.
 */
package io.wharf.statistics;
