/** Jakarta Batch artifacts of the image scan job (META-INF/batch-jobs/image-scan.xml arrives with the scan pipeline). */
package io.wharf.batch;
