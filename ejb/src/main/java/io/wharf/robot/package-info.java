/**
 * Robot accounts (Harbor's v2.0 robots) and workload identity: trusted OIDC issuers whose tokens act as a bound robot.
 *
 * <p>Depends on (inside Wharf; checked by ArchitectureTest): common, project, audit.
 */
package io.wharf.robot;
