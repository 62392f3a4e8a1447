/** Local images for the command line: OCI image layout directories and docker-archive tarballs. */
package io.wharf.scanner.image;
