package io.wharf.web.artifact;

import io.wharf.project.Permission;
import io.wharf.web.security.Requires;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.SessionSignIn;
import io.wharf.common.WharfException;
import io.wharf.registry.Reconciler;
import io.wharf.web.security.CallerHolder;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Admin: make Wharf's records match the registry now (it also runs after every start). */
@Path("api/v2.0/system/reconcile")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ReconcileResource {
    @Inject Reconciler reconciler;
    @Inject CallerHolder caller;

    @POST
    @Requires(Permission.SYSTEM_RECONCILE)
    public Map<String, Integer> reconcile() {
        if (!caller.get().sysadmin()) {
            throw caller.get().isAnonymous() ? WharfException.unauthorized("sign in as an administrator")
                    : WharfException.forbidden("only administrators can reconcile");
        }
        return reconciler.reconcile().asMap();
    }
}
