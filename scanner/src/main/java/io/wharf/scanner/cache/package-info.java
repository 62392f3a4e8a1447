/** The layer cache: each layer's inventory stored by digest, so a shared base layer is read once. */
package io.wharf.scanner.cache;
