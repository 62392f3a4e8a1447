/** The Clair v4 scanner: indexes an image in Clair, then turns its vulnerability report into findings. */
package io.wharf.scan.clair;
