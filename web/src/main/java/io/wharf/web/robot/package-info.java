/** Harbor's robot account API and Wharf's trusted issuers (workload identity) API. */
package io.wharf.web.robot;
