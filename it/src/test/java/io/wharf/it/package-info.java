/** End-to-end tests on the stack bin/wharf up starts, with skopeo, podman and raw HTTP. */
package io.wharf.it;
