/** The scanner SPI: what a scan job hands a scanner (embedded, Clair v4, Harbor adapter) and what it gets back. */
package io.wharf.scan.spi;
