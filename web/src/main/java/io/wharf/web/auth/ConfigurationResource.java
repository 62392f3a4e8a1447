package io.wharf.web.auth;

import io.wharf.auth.AuthSettings;
import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Harbor's {@code /api/v2.0/configurations}, for the authentication keys: GET answers each key as
 * {@code {"value": ..., "editable": true}} (the bind password never), PUT takes the keys to change.
 */
@Path("api/v2.0/configurations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ConfigurationResource {
    @Inject AuthSettings settings;
    @Inject CallerHolder caller;

    /** Harbor's {@code Configurations} body, for the keys Wharf keeps; other keys are ignored. */
    public record Configurations(String authMode, String ldapUrl, Boolean ldapStarttls, String ldapSearchDn,
                                 String ldapSearchPassword, String ldapBaseDn, String ldapFilter, String ldapUid,
                                 Integer ldapScope, Integer ldapTimeout, Boolean ldapVerifyCert, String ldapGroupBaseDn,
                                 String ldapGroupSearchFilter, String ldapGroupAttributeName, Integer ldapGroupSearchScope,
                                 String ldapGroupAdminDn, String ldapGroupMembershipAttribute) {}

    public record Item(Object value, boolean editable) {}

    @GET
    @Requires(Permission.CONFIGURATION_READ)
    public Map<String, Item> get() {
        Map<String, Item> out = new LinkedHashMap<>();
        settings.current().forEach((k, v) -> out.put(k, new Item(v, true)));
        return out;
    }

    @PUT
    @Requires(Permission.CONFIGURATION_UPDATE)
    public Response update(Configurations body) {
        if (body == null) throw WharfException.badRequest("a JSON body with the settings to change is required");
        Map<String, Object> changes = new LinkedHashMap<>();
        for (RecordComponent c : Configurations.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(body);
                if (v != null) changes.put(snake(c.getName()), v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        settings.update(caller.get(), changes);
        return Response.ok().build();
    }

    static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }
}
