package io.wharf.token;

import io.wharf.project.Caller;
import io.wharf.project.ProjectRole.Action;
import io.wharf.registry.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Turns what a client asks for into what it gets: the intersection of the requested actions and
 * those the caller's role allows. Pure logic; the roles come from a lookup the caller supplies.
 */
public final class AccessPolicy {
    public static final String CATALOG = "catalog";

    private AccessPolicy() {}

    /**
     * @param allowed for a caller and a project name, the actions the caller's role allows there
     */
    public static List<Access> grant(Caller caller, List<Scope> requested,
                                     BiFunction<Caller, String, Set<Action>> allowed) {
        List<Access> granted = new ArrayList<>();
        for (Scope scope : requested) {
            grantOne(caller, scope, allowed).ifPresent(granted::add);
        }
        return granted;
    }

    private static Optional<Access> grantOne(Caller caller, Scope scope,
                                             BiFunction<Caller, String, Set<Action>> allowed) {
        if ("registry".equals(scope.type())) {
            // Anyone may list the catalog; the gateway filters it to the caller's projects.
            if (CATALOG.equals(scope.name()) && scope.actions().contains("*")) {
                return Optional.of(new Access("registry", CATALOG, List.of("*")));
            }
            return Optional.empty();
        }
        if (!"repository".equals(scope.type())) return Optional.empty();
        Optional<RepositoryName> name = RepositoryName.parse(scope.name());
        if (name.isEmpty()) return Optional.empty();
        Set<Action> mayDo = allowed.apply(caller, name.get().project());
        List<String> actions = new ArrayList<>();
        for (Action action : Action.values()) {
            if (mayDo.contains(action) && (scope.actions().contains(action.wire()) || scope.actions().contains("*"))) {
                actions.add(action.wire());
            }
        }
        if (scope.actions().contains("*") && mayDo.containsAll(Set.of(Action.values()))) {
            actions.add("*");
        }
        return actions.isEmpty() ? Optional.empty()
                : Optional.of(new Access("repository", name.get().value(), List.copyOf(actions)));
    }
}
