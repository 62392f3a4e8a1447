/** Request metrics: Harbor's HTTP request counters and durations, the gateway's requests and bytes, tokens issued. */
package io.wharf.web.metrics;
