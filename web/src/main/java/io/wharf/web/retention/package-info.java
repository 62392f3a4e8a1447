/** Harbor's tag retention ({@code /retentions}) and tag immutability ({@code /projects/{p}/immutabletagrules}) APIs. */
package io.wharf.web.retention;
