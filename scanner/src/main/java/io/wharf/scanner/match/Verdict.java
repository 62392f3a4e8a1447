package io.wharf.scanner.match;

/**
 * An installed version is affected; {@code fixedVersion} is the first version that fixes it in that ecosystem
 * (null when there is none to upgrade to).
 */
public record Verdict(String fixedVersion) {
}
