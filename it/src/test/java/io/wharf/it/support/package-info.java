/** Test helpers: HTTP, commands, images and arranging users and projects. */
package io.wharf.it.support;
