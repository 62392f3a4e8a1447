/** The web portal: its pages and scripts, served from the WAR at {@code /}. */
package io.wharf.web.portal;
