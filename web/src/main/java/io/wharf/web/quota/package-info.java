/** Project quotas' API in Harbor's paths and shapes: list, read and set storage limits with their usage. */
package io.wharf.web.quota;
