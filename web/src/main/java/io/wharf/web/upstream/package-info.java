/** Harbor's registry endpoint API ({@code /registries}) and the replication adapter types it offers. */
package io.wharf.web.upstream;
