package io.wharf.registry;

import java.util.List;

/**
 * Bearer tokens for Wharf's own calls to the registry (catalog, ping, manifest reads and deletes). The
 * token service provides them ({@code io.wharf.token.RegistryServiceTokens}): the token package depends
 * on this one, never the reverse.
 */
public interface ServiceTokens {
    /** The subject of these tokens; the registry's events name it as the actor of Wharf's own requests. */
    String SUBJECT = "wharf-core";

    /** A signed token granting {@code actions} on one resource, e.g. ("repository", "hpc/app", ["pull"]). */
    String serviceToken(String type, String name, List<String> actions);

    /** A signed token granting, per repository name, its actions (a mount needs push on one and pull on another). */
    String repositoryToken(java.util.Map<String, List<String>> actionsByRepository);

    /** A signed token that grants nothing: enough for {@code GET /v2/}. */
    String serviceToken();
}
