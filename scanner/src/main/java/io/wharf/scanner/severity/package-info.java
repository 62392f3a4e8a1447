/** Severity from vulnerability records: CVSS v3.x base score per the CVSS 3.1 specification, and ecosystem severity words. */
package io.wharf.scanner.severity;
