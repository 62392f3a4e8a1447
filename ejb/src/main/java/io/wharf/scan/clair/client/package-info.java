/** MicroProfile Rest Client of the Clair v4 indexer and matcher APIs and the mapping of their errors. */
package io.wharf.scan.clair.client;
