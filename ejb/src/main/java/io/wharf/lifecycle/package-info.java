/**
 * Where the application is in its own start, for work that start-up beans hand to other threads.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): nothing.
 */
package io.wharf.lifecycle;
