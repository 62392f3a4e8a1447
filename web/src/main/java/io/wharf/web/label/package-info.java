/** Harbor's label API: global and project labels. */
package io.wharf.web.label;
