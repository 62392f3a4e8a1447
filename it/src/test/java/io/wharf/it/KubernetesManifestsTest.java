package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The plain manifests in deploy/kubernetes, checked without a cluster: every document is valid
 * against the Kubernetes JSON schemas kept in deploy/kubernetes/schemas (strict: a misspelt field
 * fails), and they fit Wharf: pinned images, probes on /health, only environment variables Wharf
 * reads, Services that select pods and ports that exist, a registry that asks Wharf for tokens and
 * notifies it.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("..", "deploy", "kubernetes");

    record Doc(Path file, Map<String, Object> body) {
        String key() { return body.get("apiVersion") + "/" + body.get("kind"); }
        String name() { return (String) map(body, "metadata").get("name"); }
    }

    @Test
    void everyManifestIsValidKubernetes() throws IOException {
        List<Doc> docs = docs();
        assertTrue(docs.size() >= 8, "manifests found: " + docs.size());
        List<String> problems = new ArrayList<>();
        for (Doc d : docs) {
            for (String e : validate(d.body())) problems.add(d.file().getFileName() + " " + d.key() + " " + d.name() + ": " + e);
        }
        assertEquals(List.of(), problems);
        Set<String> kinds = new HashSet<>();
        docs.forEach(d -> kinds.add(d.key()));
        assertEquals(Set.of("v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/Service", "v1/PersistentVolumeClaim", "apps/v1/Deployment"), kinds);
    }

    @Test
    void theSchemaCheckCatchesAMisspeltFieldAndAWrongType() throws IOException {
        Doc wharf = deployment("wharf");
        Map<String, Object> container = containers(wharf).get(0);
        container.put("readinesProbe", container.remove("readinessProbe"));
        assertFalse(validate(wharf.body()).isEmpty(), "a misspelt field is an error");
        Doc again = deployment("wharf");
        map(again.body(), "spec").put("replicas", "three");
        assertFalse(validate(again.body()).isEmpty(), "a string where a number belongs is an error");
    }

    @Test
    void wharfPodsFitWharf() throws IOException {
        Doc wharf = deployment("wharf");
        Map<String, Object> container = containers(wharf).get(0);
        assertPinned((String) container.get("image"));
        Set<String> ports = new HashSet<>();
        for (Map<String, Object> p : list(container, "ports")) ports.add((String) p.get("name"));
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            Map<String, Object> get = map(map(container, probe), "httpGet");
            assertTrue(((String) get.get("path")).startsWith("/health"), probe + " asks MicroProfile Health: " + get);
            assertTrue(ports.contains(String.valueOf(get.get("port"))), probe + " port is a container port: " + get);
        }
        // Every variable handed to the pods is one Wharf reads; a misspelt name would be ignored silently.
        Set<String> known = variablesWharfReads();
        for (Doc d : docs()) {
            if (!d.key().equals("v1/ConfigMap") && !d.key().equals("v1/Secret")) continue;
            if (!Set.of("wharf-config", "wharf-secrets").contains(d.name())) continue;
            Map<String, Object> data = d.body().containsKey("data") ? map(d.body(), "data") : map(d.body(), "stringData");
            for (String name : data.keySet()) assertTrue(known.contains(name), d.name() + ": Wharf reads no " + name);
        }
        List<String> fromEnv = new ArrayList<>();
        for (Map<String, Object> ref : list(container, "envFrom")) {
            Map<String, Object> r = ref.containsKey("configMapRef") ? map(ref, "configMapRef") : map(ref, "secretRef");
            fromEnv.add((String) r.get("name"));
        }
        assertEquals(List.of("wharf-config", "wharf-secrets"), fromEnv);
        Map<String, Object> config = map(find("v1/ConfigMap", "wharf-config").body(), "data");
        assertEquals("postgresql", config.get("WHARF_DB_TYPE"), "several servers share one PostgreSQL database");
        // The token key the pods sign with is mounted where WHARF_TOKEN_KEY says.
        Set<String> mounts = new HashSet<>();
        for (Map<String, Object> m : list(container, "volumeMounts")) mounts.add((String) m.get("mountPath"));
        for (String file : List.of("WHARF_TOKEN_KEY", "WHARF_TOKEN_CERT", "WHARF_CREDENTIAL_KEY")) {
            String path = (String) config.get(file);
            assertTrue(mounts.contains(path.substring(0, path.lastIndexOf('/'))), file + " lies on a mounted volume: " + path);
        }
        assertTrue(((String) config.get("JOBSERVICE_LOG_DIR")).startsWith("/var/lib/wharf/shared/"), "job logs on the shared volume");
    }

    @Test
    void servicesSelectPodsAndTheRegistryTalksToWharf() throws IOException {
        for (Doc service : docs().stream().filter(d -> d.key().equals("v1/Service")).toList()) {
            Map<String, Object> selector = map(map(service.body(), "spec"), "selector");
            Doc target = docs().stream().filter(d -> d.key().equals("apps/v1/Deployment"))
                    .filter(d -> map(map(map(map(d.body(), "spec"), "template"), "metadata"), "labels").entrySet().containsAll(selector.entrySet()))
                    .findFirst().orElse(null);
            assertNotNull(target, "Service " + service.name() + " selects the pods of a Deployment");
            Set<String> ports = new HashSet<>();
            for (Map<String, Object> c : containers(target)) for (Map<String, Object> p : list(c, "ports")) ports.add((String) p.get("name"));
            for (Map<String, Object> p : list(map(service.body(), "spec"), "ports")) {
                assertTrue(ports.contains(String.valueOf(p.get("targetPort"))), service.name() + " targets a port its pods have: " + p);
            }
        }
        Doc registry = deployment("wharf-registry");
        assertPinned((String) containers(registry).get(0).get("image"));
        String yaml = (String) map(find("v1/ConfigMap", "wharf-registry-config").body(), "data").get("config.yml");
        Map<String, Object> config = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        assertTrue(map(config, "storage").containsKey("s3"), "blobs in S3: " + map(config, "storage").keySet());
        Map<String, Object> token = map(map(config, "auth"), "token");
        String external = (String) map(find("v1/ConfigMap", "wharf-config").body(), "data").get("WHARF_EXTERNAL_URL");
        assertEquals(external + "/service/token", token.get("realm"), "clients ask Wharf's external address for tokens");
        // The bundle, so that a key rotation can trust the previous certificate beside the new one.
        assertEquals("/etc/wharf/token/token-bundle.crt", token.get("rootcertbundle"));
        assertTrue(map(find("v1/Secret", "wharf-token").body(), "stringData").containsKey("token-bundle.crt"),
                "the Secret the registry mounts holds the bundle");
        Map<String, Object> endpoint = list(map(config, "notifications"), "endpoints").get(0);
        assertEquals("http://wharf.wharf.svc:80/service/notifications", endpoint.get("url"));
        assertEquals(List.of("Harbor-Secret @WHARF_INTERNAL_SECRET@"), map(endpoint, "headers").get("Authorization"));
        String start = String.valueOf(containers(registry).get(0).get("args"));
        assertTrue(start.contains("@WHARF_INTERNAL_SECRET@|$WHARF_INTERNAL_SECRET"), "the registry fills the secret in: " + start);
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> validate(Map<String, Object> body) throws IOException {
        JsonObject all = Json.createReader(new StringReader(Files.readString(DIR.resolve("schemas/kubernetes-schemas.json")))).readObject();
        String key = body.get("apiVersion") + "/" + body.get("kind");
        if (!all.getJsonObject("kinds").containsKey(key)) return List.of("no schema for " + key);
        JsonObject schema = Json.createObjectBuilder()
                .add("allOf", Json.createArrayBuilder().add(all.getJsonObject("kinds").getJsonObject(key)))
                .add("definitions", all.getJsonObject("definitions")).build();
        Schema compiled = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema.toString(), InputFormat.JSON);
        List<String> out = new ArrayList<>();
        for (Error e : compiled.validate(Json.createObjectBuilder(body).build().toString(), InputFormat.JSON)) out.add(e.toString());
        return out;
    }

    private static List<Doc> docs() throws IOException {
        List<Doc> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(f))) {
                    if (o == null) continue;
                    @SuppressWarnings("unchecked") Map<String, Object> body = (Map<String, Object>) o;
                    docs.add(new Doc(f, body));
                }
            }
        }
        return docs;
    }

    private static Doc find(String key, String name) throws IOException {
        return docs().stream().filter(d -> d.key().equals(key) && d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " " + name));
    }

    private static Doc deployment(String name) throws IOException { return find("apps/v1/Deployment", name); }

    private static List<Map<String, Object>> containers(Doc deployment) {
        return list(map(map(map(deployment.body(), "spec"), "template"), "spec"), "containers");
    }

    private static void assertPinned(String image) {
        assertTrue(image.matches("[^:@]+(:[^:/]+)?(@sha256:[0-9a-f]{64})?") && image.contains(":") && !image.endsWith(":latest"),
                "an image with a pinned tag: " + image);
    }

    /**
     * The environment variables Wharf reads: ${env.X} in Liberty's configuration, Liberty's own
     * variables (wharf.http.port → WHARF_HTTP_PORT) and MicroProfile Config properties in the code
     * (jobservice.log.dir → JOBSERVICE_LOG_DIR), found in the sources rather than listed here.
     */
    private static Set<String> variablesWharfReads() throws IOException {
        Set<String> names = new HashSet<>();
        Path liberty = Path.of("..", "src", "main", "liberty", "config");
        try (Stream<Path> xml = Files.list(liberty)) {
            for (Path f : xml.filter(p -> p.toString().endsWith(".xml")).toList()) {
                String text = Files.readString(f);
                collect(Pattern.compile("\\$\\{env\\.([A-Z0-9_]+)}"), text, names, false);
                collect(Pattern.compile("<variable name=\"([a-z0-9.]+)\""), text, names, true);
            }
        }
        Pattern property = Pattern.compile("(?:ConfigProperty\\(name = |getValue\\(|getOptionalValue\\()\"([a-z0-9._]+)\"");
        for (String module : List.of("ejb", "web", "batch-jobs")) {
            try (Stream<Path> java = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path f : java.filter(p -> p.toString().endsWith(".java")).toList()) collect(property, Files.readString(f), names, true);
            }
        }
        // bin/wharf hands these to every server (start_server), read by Wharf's code under these names.
        assertTrue(Files.readString(Path.of("..", "bin", "wharf")).contains("export WHARF_TOKEN_KEY="), "bin/wharf still sets WHARF_TOKEN_KEY");
        return names;
    }

    private static void collect(Pattern p, String text, Set<String> into, boolean toEnv) {
        Matcher m = p.matcher(text);
        while (m.find()) into.add(toEnv ? m.group(1).replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT) : m.group(1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof Map, key + " is a mapping in " + m.keySet());
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof List, key + " is a list in " + m.keySet());
        return (List<Map<String, Object>>) v;
    }
}
