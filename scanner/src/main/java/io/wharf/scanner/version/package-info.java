/** Version ordering of each ecosystem: dpkg, apk, Maven (ComparableVersion) and semver (npm). */
package io.wharf.scanner.version;
