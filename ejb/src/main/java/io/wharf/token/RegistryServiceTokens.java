package io.wharf.token;

import io.wharf.registry.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The registry package's {@link ServiceTokens}, signed by the token service. */
@ApplicationScoped
public class RegistryServiceTokens implements ServiceTokens {
    @Inject TokenService tokens;

    @Override
    public String serviceToken(String type, String name, List<String> actions) {
        return tokens.serviceToken(List.of(new Access(type, name, actions)));
    }

    @Override
    public String repositoryToken(java.util.Map<String, List<String>> actionsByRepository) {
        return tokens.serviceToken(actionsByRepository.entrySet().stream()
                .map(e -> new Access("repository", e.getKey(), e.getValue())).toList());
    }

    @Override
    public String serviceToken() {
        return tokens.serviceToken(List.of());
    }
}
