/** Wharf's database schema: the versioned migrations under {@code db/migration/}, applied when the application starts. Depends on nothing else in Wharf. */
package io.wharf.schema;
