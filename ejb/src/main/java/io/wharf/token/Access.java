package io.wharf.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of a token's {@code access} claim: what the bearer may do on one resource. */
public record Access(String type, String name, List<String> actions) {
    public Map<String, Object> toClaim() {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("type", type);
        claim.put("name", name);
        claim.put("actions", actions);
        return claim;
    }

    public boolean allows(String type, String name, String action) {
        return this.type.equals(type) && this.name.equals(name)
                && (actions.contains(action) || actions.contains("*"));
    }
}
