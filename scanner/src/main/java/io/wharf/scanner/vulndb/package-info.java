/** The vulnerability database: portable JDBC tables ({@code vuln_*}) and importers for OSV, Alpine secdb and the Debian security tracker. */
package io.wharf.scanner.vulndb;
