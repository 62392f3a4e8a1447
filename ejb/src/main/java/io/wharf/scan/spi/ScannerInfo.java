package io.wharf.scan.spi;

/** Who produced a report, as Harbor reports show it: {@code {"name","vendor","version"}}. */
public record ScannerInfo(String name, String vendor, String version) {}
