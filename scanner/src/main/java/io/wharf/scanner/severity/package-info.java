/** Severity: CVSS base scores and ratings (v3.x computed, v2/v4 as given), ecosystem severity words, and which source rates a finding. */
package io.wharf.scanner.severity;
