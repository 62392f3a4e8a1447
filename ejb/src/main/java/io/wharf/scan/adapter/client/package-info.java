/** MicroProfile Rest Client of Harbor's pluggable scanner adapter API v1.0 and the mapping of its errors. */
package io.wharf.scan.adapter.client;
