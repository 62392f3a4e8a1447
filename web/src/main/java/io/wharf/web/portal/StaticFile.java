package io.wharf.web.portal;

/** One file of the portal, read once: its bytes, media type and a strong ETag of its content. */
record StaticFile(byte[] bytes, String contentType, String etag) {
}
