/** Garbage collection's API in Harbor's paths and shapes: run now, dry run, schedule, history and logs. */
package io.wharf.web.gc;
