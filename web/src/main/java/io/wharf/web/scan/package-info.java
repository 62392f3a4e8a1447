/** Scanner administration: the vulnerability database import and status, local scans. */
package io.wharf.web.scan;
