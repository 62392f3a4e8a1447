package io.wharf.token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of a token request's {@code scope}: {@code type[(class)]:name:action[,action]}. The
 * name may itself contain ':' (a registry host with a port), so the actions are taken after the
 * last ':' and the type before the first.
 */
public record Scope(String type, String name, Set<String> actions) {

    public static Scope parse(String raw) {
        if (raw == null) throw new IllegalArgumentException("scope is empty");
        int first = raw.indexOf(':');
        int last = raw.lastIndexOf(':');
        if (first <= 0 || last == first || last == raw.length() - 1) {
            throw new IllegalArgumentException("scope '" + raw + "' is not type:name:actions");
        }
        String type = raw.substring(0, first);
        int paren = type.indexOf('(');
        if (paren > 0 && type.endsWith(")")) type = type.substring(0, paren);
        String name = raw.substring(first + 1, last);
        Set<String> actions = new LinkedHashSet<>();
        for (String a : raw.substring(last + 1).split(",")) {
            if (!a.isBlank()) actions.add(a.strip());
        }
        if (name.isEmpty() || actions.isEmpty()) {
            throw new IllegalArgumentException("scope '" + raw + "' is not type:name:actions");
        }
        return new Scope(type, name, Set.copyOf(actions));
    }

    /**
     * All scopes of a request. Clients repeat the parameter, and some also put several scopes in
     * one value separated by spaces (the OAuth2 form does).
     */
    public static List<Scope> parseAll(List<String> raw) {
        List<Scope> scopes = new ArrayList<>();
        if (raw == null) return scopes;
        for (String value : raw) {
            if (value == null) continue;
            Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).map(Scope::parse).forEach(scopes::add);
        }
        return scopes;
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions.stream().sorted().toList());
    }
}
