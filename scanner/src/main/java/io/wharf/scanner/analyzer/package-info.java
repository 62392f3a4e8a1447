/** Package analyzers: each recognises some files of an image (dpkg, apk, Java archives, npm, OS release) and reads what is installed. */
package io.wharf.scanner.analyzer;
