package io.wharf.upstream;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The kinds of registry Wharf can pull from and push to: all speak the Distribution API. */
public enum RegistryType {
    DOCKER_REGISTRY("docker-registry", "Docker Registry (Distribution)"),
    HARBOR("harbor", "Harbor"),
    WHARF("wharf", "Wharf");

    private final String wire;
    private final String description;

    RegistryType(String wire, String description) {
        this.wire = wire;
        this.description = description;
    }

    public String wire() { return wire; }
    public String description() { return description; }

    public static Optional<RegistryType> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }

    public static List<String> wires() { return Arrays.stream(values()).map(RegistryType::wire).toList(); }
}
