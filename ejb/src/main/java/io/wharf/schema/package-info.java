/**
 * Wharf's database schema: the versioned migrations under {@code db/migration/}, applied when the application starts.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): nothing.
 */
package io.wharf.schema;
