package io.wharf.web.system;

import io.wharf.project.Permission;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Harbor's {@code GET /api/v2.0/ping}: "Pong", to anyone, as tools check that Harbor answers. */
@Path("api/v2.0/ping")
@BasicSignIn
@SessionSignIn
public class PingResource {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Permission.ANYONE)
    public String ping() { return "Pong"; }
}
