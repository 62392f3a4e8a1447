/** Vulnerability scanning: the embedded scanner's database and scans run by the server. */
package io.wharf.scan;
