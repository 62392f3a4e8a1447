/** The command line: {@code vulndb import}, {@code vulndb status} and {@code scan} over a JDBC URL. */
package io.wharf.scanner.cli;
