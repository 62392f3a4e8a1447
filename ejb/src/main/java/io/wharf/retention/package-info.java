/**
 * Harbor's tag retention: per-project policies of rules, evaluated per repository and carried out (or dry run) as a job.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, project, audit, jobservice, registry, tagrules.
 */
package io.wharf.retention;
