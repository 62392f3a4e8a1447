/** The image-scan batch job's steps (validate, fetch manifest, prepare layers, scan, persist) and listeners. */
package io.wharf.batch.scan;
