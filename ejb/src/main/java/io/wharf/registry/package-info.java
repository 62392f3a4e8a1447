/** The Distribution registry behind the gateway: repository names, the upstream client and access needs. */
package io.wharf.registry;
