/** System-wide API: ping, system information, and the request id every answer carries. */
package io.wharf.web.system;
