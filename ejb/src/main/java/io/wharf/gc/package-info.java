/**
 * Garbage collection: removes manifests, blobs and abandoned uploads no artifact needs, while pushes and pulls go on.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, jobservice, project, registry.
 */
package io.wharf.gc;
