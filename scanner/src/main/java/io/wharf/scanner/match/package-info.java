/** Matches installed packages against the vulnerability database with each ecosystem's version order. */
package io.wharf.scanner.match;
