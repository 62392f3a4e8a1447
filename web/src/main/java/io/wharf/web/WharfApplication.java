package io.wharf.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** One JAX-RS application at the root: /v2 (gateway), /service (token, internal hooks) and /api. */
@ApplicationPath("/")
public class WharfApplication extends Application {
}
