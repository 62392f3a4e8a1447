/**
 * Installation settings read from MicroProfile Config.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): nothing.
 */
package io.wharf.config;
