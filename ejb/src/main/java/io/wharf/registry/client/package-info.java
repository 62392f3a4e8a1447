/**
 * MicroProfile Rest Client of the Distribution registry API and the mapping of its errors.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config.
 */
package io.wharf.registry.client;
