package io.wharf.web.upstream;

import io.wharf.project.Permission;
import io.wharf.upstream.RegistryType;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kinds of registry endpoint Wharf offers ({@code /replication/adapters}, {@code /replication/adapterinfos}). */
@Path("api/v2.0/replication")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ReplicationAdapterResource {

    @GET
    @Path("adapters")
    @Requires(Permission.REGISTRY_MANAGE)
    public List<String> adapters() {
        return RegistryType.wires();
    }

    /** Harbor's provider infos: these registries need no special endpoint or credential pattern. */
    @GET
    @Path("adapterinfos")
    @Requires(Permission.REGISTRY_MANAGE)
    public Map<String, Map<String, Object>> adapterInfos() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String type : RegistryType.wires()) out.put(type, Map.of());
        return out;
    }
}
