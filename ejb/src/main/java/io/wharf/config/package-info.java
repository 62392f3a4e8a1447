/** Installation settings read from MicroProfile Config. */
package io.wharf.config;
