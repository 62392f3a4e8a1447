/** The OpenAPI document of Wharf's API ({@code /openapi}, written at build time from the resources) and its browser UI ({@code /openapi/ui}). */
package io.wharf.web.openapi;
