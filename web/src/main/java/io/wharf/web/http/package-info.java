/** What every HTTP request passes first: method and path sanity, body limits, strict JSON, security headers, error pages. */
package io.wharf.web.http;
