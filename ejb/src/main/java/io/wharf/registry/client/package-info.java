/** MicroProfile Rest Client of the Distribution registry API and the mapping of its errors. */
package io.wharf.registry.client;
