package io.wharf.scanner;
// STUB (server branch only): replaced by the feeds branch.
public record FeedSource(String name, java.net.URI url) {}
