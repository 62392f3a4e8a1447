/** The security hub's API in Harbor's paths and shapes ({@code /security/summary}, {@code /security/vul}) and the system CVE allowlist. */
package io.wharf.web.securityhub;
