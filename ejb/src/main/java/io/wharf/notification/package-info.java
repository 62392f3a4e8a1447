/**
 * The registry's event envelopes: parsing, deduplication and what each push, pull and delete changes.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, redis, audit, project, registry.
 */
package io.wharf.notification;
