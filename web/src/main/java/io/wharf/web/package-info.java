/** The web layer: the JAX-RS application and its JSON settings. */
package io.wharf.web;
