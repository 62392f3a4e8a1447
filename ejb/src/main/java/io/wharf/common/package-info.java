/**
 * Errors and small types shared by every domain.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): nothing.
 */
package io.wharf.common;
