/** Wharf's embedded vulnerability scanner: {@link io.wharf.scanner.EmbeddedScanner} and {@link io.wharf.scanner.VulnDatabase} are the entry points. */
package io.wharf.scanner;
