/**
 * Harbor's tag rules: doublestar selectors on repositories and tags, and the immutability rules built on them.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, project, audit.
 */
package io.wharf.tagrules;
