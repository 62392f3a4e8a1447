/**
 * The scanner SPI: what a scan job hands a scanner (embedded, Clair v4, Harbor adapter) and what it gets back.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): nothing.
 */
package io.wharf.scan.spi;
