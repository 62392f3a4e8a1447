/** The job service API /api/v1/jobs (internal secret only), in the shapes of Harbor's job service. */
package io.wharf.web.jobservice;
