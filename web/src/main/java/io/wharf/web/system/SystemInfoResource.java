package io.wharf.web.system;

import io.wharf.common.WharfException;
import io.wharf.config.WharfConfig;
import io.wharf.project.Permission;
import io.wharf.web.registry.ExternalUrl;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.File;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Harbor's {@code /systeminfo} and {@code /systeminfo/volumes}: with {@code /ping}, the first calls
 * tools make. (Its own root path: a root at {@code api/v2.0} would shadow the resources rooted at {@code api}.)
 */
@Path("api/v2.0/systeminfo")
@BasicSignIn
@SessionSignIn
public class SystemInfoResource {
    /** The Harbor API level Wharf answers as (its swagger is the contract), with Wharf named in it. */
    static final String HARBOR_VERSION = "v2.13.0-wharf";

    @Inject WharfConfig config;
    @Inject ExternalUrl externalUrl;
    @Inject CallerHolder caller;
    @Inject io.wharf.auth.AuthModeCache authMode;
    @Inject io.wharf.auth.AuthSettings authSettings;
    @Context UriInfo uri;
    @Context HttpHeaders headers;

    @Inject @ConfigProperty(name = "wharf.home", defaultValue = ".")
    String home;

    /** Harbor's {@code GeneralInfo}; anonymous callers get the public part, as in Harbor. */
    public record GeneralInfo(Instant currentTime, String externalUrl, String registryUrl, String authMode, Boolean primaryAuthMode,
                              Boolean selfRegistration, String harborVersion, String projectCreationRestriction, Boolean hasCaRoot,
                              String registryStorageProviderName, Boolean readOnly, Boolean notificationEnable,
                              String bannerMessage) {}

    public record Storage(long total, long free) {}

    public record SystemInfo(List<Storage> storage) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(Permission.ANYONE)
    public GeneralInfo systemInfo() {
        String url = externalUrl.of(uri, headers);
        boolean signedIn = !caller.get().isAnonymous();
        return new GeneralInfo(Instant.now(), url, externalUrl.hostOf(url), authMode.get(authSettings::snapshot).mode(), false, config.selfRegistration(),
                signedIn ? HARBOR_VERSION : null, signedIn ? "everyone" : null, signedIn ? false : null,
                signedIn ? "filesystem" : null, signedIn ? false : null, signedIn ? false : null, "");
    }

    /** The space of the file system holding Wharf's data (the registry's storage lives there): administrators only. */
    @GET
    @Path("volumes")
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(Permission.SYSTEM_VOLUMES_READ)
    public SystemInfo volumes() {
        if (!caller.get().sysadmin()) {
            throw caller.get().isAnonymous() ? WharfException.unauthorized("sign in as an administrator")
                    : WharfException.forbidden("only administrators can read the volumes");
        }
        File dir = new File(home).getAbsoluteFile();
        return new SystemInfo(List.of(new Storage(dir.getTotalSpace(), dir.getUsableSpace())));
    }
}
