/**
 * Harbor's labels: global or per project, attached to artifacts, filterable in listings.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, project, registry.
 */
package io.wharf.label;
