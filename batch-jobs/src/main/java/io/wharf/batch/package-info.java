/** Jakarta Batch jobs of Wharf; the image scan job's artifacts are in {@code io.wharf.batch.scan}. */
package io.wharf.batch;
