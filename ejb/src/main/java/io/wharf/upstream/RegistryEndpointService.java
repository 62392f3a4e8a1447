package io.wharf.upstream;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.config.SecretSeal;
import io.wharf.project.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Locale;

/**
 * Harbor's registry endpoints: administrators add, change, test and remove the registries that
 * proxy cache projects and replication rules name. A secret goes in and is never given back; an
 * endpoint's health is what its last test found.
 */
@Stateless
public class RegistryEndpointService {
    static final String BASIC = "basic";

    @Inject RegistryEndpointStore store;
    @Inject SecretSeal seal;
    @Inject RemoteRegistryClients clients;
    @Inject AuditLog audit;

    /** What a client sends to create an endpoint (Harbor's {@code Registry}). */
    public record Credential(String type, String accessKey, String accessSecret) {}

    public record EndpointRequest(String name, String url, String type, String description, Boolean insecure,
                                  Credential credential, String caCertificate) {}

    /** Harbor's {@code RegistryUpdate}: every field optional. */
    public record EndpointUpdate(String name, String url, String description, Boolean insecure, String credentialType,
                                 String accessKey, String accessSecret, String caCertificate) {}

    /** Harbor's {@code RegistryPing}: an existing endpoint (id) or one not yet saved, or both (fields override). */
    public record PingRequest(Long id, String type, String url, String credentialType, String accessKey,
                              String accessSecret, Boolean insecure, String caCertificate) {}

    public RegistryEndpoint create(Caller caller, EndpointRequest r) {
        if (r == null) throw WharfException.badRequest("a JSON body is required");
        String name = name(r.name());
        String url = url(r.url());
        String type = type(r.type());
        if (store.byName(name).isPresent()) throw WharfException.conflict("a registry endpoint named " + name + " already exists");
        RegistryEndpoint e = new RegistryEndpoint(name, url, type);
        e.setDescription(description(r.description()));
        e.setInsecure(Boolean.TRUE.equals(r.insecure()));
        e.setCaCertificate(ca(r.caCertificate()));
        Credential c = r.credential();
        if (c != null && (present(c.accessKey()) || present(c.accessSecret()))) {
            e.setCredential(credentialType(c.type()), accessKey(c.accessKey()), seal.seal(secret(c.accessSecret())));
        }
        e.setStatus(check(e, null).healthy() ? RegistryEndpoint.HEALTHY : RegistryEndpoint.UNHEALTHY);
        store.add(e);
        audit(caller, e, "create");
        return e;
    }

    public Page<RegistryEndpoint> list(String nameFragment, Integer page, Integer pageSize) {
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(store.list(nameFragment, (n[0] - 1) * n[1], n[1]), store.count(nameFragment), n[0], n[1]);
    }

    public RegistryEndpoint get(long id) {
        return store.find(id).orElseThrow(() -> WharfException.notFound("registry endpoint " + id + " not found"));
    }

    public RegistryEndpoint update(Caller caller, long id, EndpointUpdate u) {
        if (u == null) throw WharfException.badRequest("a JSON body is required");
        RegistryEndpoint e = get(id);
        if (u.name() != null && !u.name().strip().equals(e.getName())) {
            String name = name(u.name());
            if (store.byName(name).isPresent()) throw WharfException.conflict("a registry endpoint named " + name + " already exists");
            e.setName(name);
        }
        if (u.url() != null) e.setUrl(url(u.url()));
        if (u.description() != null) e.setDescription(description(u.description()));
        if (u.insecure() != null) e.setInsecure(u.insecure());
        if (u.caCertificate() != null) e.setCaCertificate(ca(u.caCertificate()));
        if (u.accessKey() != null || u.accessSecret() != null || u.credentialType() != null) {
            String key = u.accessKey() != null ? u.accessKey() : e.getAccessKey();
            // An empty key removes the credential; a key without a new secret keeps the stored secret.
            if (key == null || key.isBlank()) {
                e.setCredential(null, null, null);
            } else {
                String sealed = u.accessSecret() != null ? seal.seal(secret(u.accessSecret())) : e.getAccessSecretSealed();
                e.setCredential(credentialType(u.credentialType() != null ? u.credentialType() : e.getCredentialType()),
                        accessKey(key), sealed);
            }
        }
        e.setStatus(check(e, null).healthy() ? RegistryEndpoint.HEALTHY : RegistryEndpoint.UNHEALTHY);
        audit(caller, e, "update");
        return e;
    }

    public void delete(Caller caller, long id) {
        RegistryEndpoint e = get(id);
        store.remove(e);
        audit(caller, e, "delete");
    }

    /**
     * Tests an endpoint, saved or not. A saved one's stored secret is used unless another is given;
     * its health is recorded. A registry that cannot be reached or refuses the credential is a 400
     * saying why, as Harbor answers.
     */
    public void ping(PingRequest p) {
        if (p == null) throw WharfException.badRequest("a JSON body is required");
        RegistryEndpoint saved = p.id() == null ? null : get(p.id());
        if (saved == null && p.url() == null) throw WharfException.badRequest("id or url is required");
        if (p.type() != null) type(p.type());
        String url = p.url() != null ? url(p.url()) : saved.getUrl();
        boolean insecure = p.insecure() != null ? p.insecure() : saved != null && saved.isInsecure();
        String ca = p.caCertificate() != null ? ca(p.caCertificate()) : saved == null ? null : saved.getCaCertificate();
        String key = p.accessKey() != null ? p.accessKey() : saved == null ? null : saved.getAccessKey();
        String secret = p.accessSecret() != null ? p.accessSecret()
                : saved != null && saved.hasSecret() ? seal.open(saved.getAccessSecretSealed()) : null;
        if (p.credentialType() != null) credentialType(p.credentialType());
        RemoteRegistry.Health health = new RemoteRegistry(clients.clientFor(insecure, ca), url,
                key == null || key.isBlank() ? null : key, secret).ping();
        if (saved != null && p.url() == null && p.accessKey() == null && p.accessSecret() == null) {
            saved.setStatus(health.healthy() ? RegistryEndpoint.HEALTHY : RegistryEndpoint.UNHEALTHY);
        }
        if (!health.healthy()) throw WharfException.badRequest("the registry is unhealthy: " + health.reason());
    }

    /** The remote registry behind an endpoint, with its credential opened: for proxy cache and replication. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public RemoteRegistry remote(long id) {
        RegistryEndpoint e = get(id);
        return new RemoteRegistry(clients.clientFor(e.isInsecure(), e.getCaCertificate()), e.getUrl(),
                e.getAccessKey(), e.hasSecret() ? seal.open(e.getAccessSecretSealed()) : null);
    }

    private RemoteRegistry.Health check(RegistryEndpoint e, String secret) {
        String s = secret != null ? secret : e.hasSecret() ? seal.open(e.getAccessSecretSealed()) : null;
        return new RemoteRegistry(clients.clientFor(e.isInsecure(), e.getCaCertificate()), e.getUrl(), e.getAccessKey(), s).ping();
    }

    private void audit(Caller caller, RegistryEndpoint e, String operation) {
        audit.add(new AuditLogEntry(0L, caller.username(), "registry " + e.getName(), "registry", operation, Instant.now()));
    }

    static String name(String name) {
        if (name == null || name.isBlank()) throw WharfException.badRequest("name is required");
        String n = name.strip();
        if (n.length() > 255) throw WharfException.badRequest("name is at most 255 characters");
        return n;
    }

    static String url(String url) {
        if (url == null || url.isBlank()) throw WharfException.badRequest("url is required");
        String u = url.strip();
        if (u.length() > 2048) throw WharfException.badRequest("url is at most 2048 characters");
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) throw WharfException.badRequest("url must start with http:// or https://");
            if (uri.getHost() == null || uri.getHost().isBlank()) throw WharfException.badRequest("url has no host");
            if (uri.getRawUserInfo() != null) throw WharfException.badRequest("url must not carry credentials: use credential");
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) throw WharfException.badRequest("url must not have a query or fragment");
        } catch (URISyntaxException e) {
            throw WharfException.badRequest("url is not a valid URL");
        }
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    static String type(String type) {
        if (type == null || type.isBlank()) throw WharfException.badRequest("type is required: one of " + RegistryType.wires());
        return RegistryType.of(type.strip()).orElseThrow(() ->
                WharfException.badRequest("type must be one of " + RegistryType.wires())).wire();
    }

    private static String credentialType(String type) {
        if (type == null || type.isBlank() || type.equalsIgnoreCase(BASIC)) return BASIC;
        throw WharfException.badRequest("credential type must be basic");
    }

    private static String accessKey(String key) {
        if (key == null || key.isBlank()) throw WharfException.badRequest("access_key is required with a credential");
        if (key.length() > 255) throw WharfException.badRequest("access_key is at most 255 characters");
        return key;
    }

    private static String secret(String secret) {
        if (secret != null && secret.length() > 512) throw WharfException.badRequest("access_secret is at most 512 characters");
        return secret == null ? "" : secret;
    }

    private static String description(String d) {
        if (d != null && d.length() > 1024) throw WharfException.badRequest("description is at most 1024 characters");
        return d;
    }

    private static String ca(String pem) {
        if (pem == null || pem.isBlank()) return null;
        if (pem.length() > 65536) throw WharfException.badRequest("ca_certificate is at most 64 KiB");
        try {
            RemoteRegistryClients.checkCertificate(pem);
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest(e.getMessage());
        }
        return pem.strip();
    }

    private static boolean present(String s) { return s != null && !s.isEmpty(); }
}
