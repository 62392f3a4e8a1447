package io.wharf.registry;

import io.wharf.project.Caller;
import io.wharf.project.ProjectRole.Action;
import io.wharf.project.ProjectService;
import io.wharf.project.UserService;
import io.wharf.registry.client.RegistryClient;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The registry's catalog as one caller may see it: only repositories of projects they can pull from. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class RegistryCatalogService {
    private static final int UPSTREAM_PAGE = 1000;

    @Inject @RestClient RegistryClient registry;
    @Inject ServiceTokens tokens;
    @Inject ProjectService projects;
    @Inject UserService users;

    /** Every repository the caller may pull, in the registry's (lexical) order. */
    public List<String> visibleRepositories(String subject) {
        Caller caller = subject == null || subject.isEmpty() ? Caller.ANONYMOUS
                : users.byName(subject).map(Caller::of).orElse(Caller.ANONYMOUS);
        Map<String, Boolean> pullable = new HashMap<>();
        List<String> visible = new ArrayList<>();
        for (String repository : allRepositories()) {
            Optional<String> project = RepositoryName.projectOf(repository);
            if (project.isEmpty()) continue;
            if (pullable.computeIfAbsent(project.get(), p -> projects.allowedActions(caller, p).contains(Action.PULL))) {
                visible.add(repository);
            }
        }
        return visible;
    }

    /** The whole catalog, following the registry's pages. */
    public List<String> allRepositories() {
        String auth = "Bearer " + tokens.serviceToken("registry", "catalog", List.of("*"));
        List<String> all = new ArrayList<>();
        String last = null;
        while (true) {
            List<String> page;
            try (Response response = registry.catalog(auth, UPSTREAM_PAGE, last)) {
                JsonObject body = response.readEntity(JsonObject.class);
                page = body.getJsonArray("repositories") == null ? List.of()
                        : body.getJsonArray("repositories").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            }
            all.addAll(page);
            if (page.size() < UPSTREAM_PAGE) return all;
            last = page.get(page.size() - 1);
        }
    }

    public boolean ping() {
        try (Response response = registry.ping("Bearer " + tokens.serviceToken())) {
            return response.getStatus() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
