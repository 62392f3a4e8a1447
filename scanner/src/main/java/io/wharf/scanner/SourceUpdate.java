package io.wharf.scanner;
// STUB (server branch only): replaced by the feeds branch.
public record SourceUpdate(String name, String outcome, int records, String error) {}
