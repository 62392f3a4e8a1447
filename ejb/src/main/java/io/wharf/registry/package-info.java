/**
 * The Distribution registry behind the gateway: repository names, the upstream client and access needs.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config, redis, audit, project, registry.client, tagrules, lifecycle.
 */
package io.wharf.registry;
