/** Harbor's labels: global or per project, attached to artifacts, filterable in listings. */
package io.wharf.label;
