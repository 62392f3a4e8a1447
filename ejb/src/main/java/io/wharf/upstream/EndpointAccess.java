package io.wharf.upstream;

import io.wharf.common.WharfException;
import io.wharf.config.SecretSeal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * What a copy to or from an endpoint needs to speak to it directly (replication streams blobs
 * itself): its pooled client, address and opened credential. The secret stays in memory only.
 */
@ApplicationScoped
public class EndpointAccess {
    @Inject RegistryEndpointStore store;
    @Inject SecretSeal seal;
    @Inject RemoteRegistryClients clients;

    /**
     * An endpoint ready to be spoken to; {@code username} and {@code password} are null when it has
     * no credential; {@code type} is its {@link RegistryType} wire name.
     */
    public record Opened(long id, String name, String url, CloseableHttpClient client, String username, String password, String type) {
        /** Whether it has Harbor's API (Harbor, another Wharf) besides the registry API. */
        public boolean speaksHarborApi() {
            return RegistryType.HARBOR.wire().equals(type) || RegistryType.WHARF.wire().equals(type);
        }

        @Override public String toString() { return name + " (" + url + ")"; }
    }

    public Opened open(long id) {
        RegistryEndpoint e = store.find(id).orElseThrow(() -> WharfException.notFound("registry endpoint " + id + " not found"));
        return new Opened(e.getId(), e.getName(), e.getUrl(), clients.clientFor(e.isInsecure(), e.getCaCertificate()),
                e.getAccessKey(), e.hasSecret() ? seal.open(e.getAccessSecretSealed()) : null, e.getType());
    }

    public boolean exists(long id) { return store.find(id).isPresent(); }
}
