/** Arquillian tests: the EAR deployed to a Liberty server that Arquillian manages, driven over HTTP. */
package io.wharf.it.arquillian;
