/**
 * The access (audit) log: who pushed, pulled or deleted what, and when.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, config.
 */
package io.wharf.audit;
