/** Version ordering of each ecosystem: dpkg, apk, rpm, Maven (ComparableVersion) and semver (npm). */
package io.wharf.scanner.version;
