package io.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pulls against a small server that challenges as Docker Hub does: a Bearer token for
 * {@code repository:<name>:pull} from the realm, asked with the endpoint's credential. (The
 * end-to-end test covers Distribution's Basic auth with the real docker-registry.)
 */
class RemotePullTest {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("robot:pa55".getBytes(StandardCharsets.UTF_8));
    private HttpServer server;
    private final CloseableHttpClient client = HttpClients.createDefault();
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/v2/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String path = ex.getRequestURI().getPath();
            String repository = path.substring("/v2/".length(), path.indexOf("/manifests/"));
            if (("Bearer pull-" + repository).equals(auth)) {
                answer(ex, 200, "{\"schemaVersion\":2}");
            } else {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\",service=\"hub\",scope=\"repository:"
                        + repository + ":pull\"");
                answer(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            }
        });
        server.createContext("/token", ex -> {
            String query = ex.getRequestURI().getQuery();
            tokenRequests.add(query);
            String scope = query.replaceAll(".*scope=repository:([^:&]+):pull.*", "$1");
            if (BASIC.equals(ex.getRequestHeaders().getFirst("Authorization")) && query.contains("service=hub")) {
                answer(ex, 200, "{\"token\":\"pull-" + scope + "\",\"expires_in\":300}");
            } else {
                answer(ex, 401, "{}");
            }
        });
        server.start();
        return base;
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.stop(0);
        client.close();
    }

    @Test
    void aTokenIsAskedOncePerRepositoryWithItsPullScopeAndReused() throws IOException {
        RemotePull pull = new RemotePull(client, start(), "robot", "pa55");
        for (int i = 0; i < 3; i++) {
            try (RemotePull.Answer a = pull.read("GET", "library/alpine", "manifests", "3.18", List.of("application/vnd.oci.image.index.v1+json"))) {
                assertEquals(200, a.status());
                assertEquals("{\"schemaVersion\":2}", new String(a.body().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(1, tokenRequests.size(), tokenRequests::toString);
        assertTrue(tokenRequests.get(0).contains("scope=repository:library/alpine:pull"), tokenRequests::toString);
        try (RemotePull.Answer other = pull.read("HEAD", "library/busybox", "manifests", "latest", List.of())) {
            assertEquals(200, other.status());
        }
        assertEquals(2, tokenRequests.size(), "another repository needs its own token");
    }

    @Test
    void aRefusedCredentialIsA401NotALoop() throws IOException {
        RemotePull pull = new RemotePull(client, start(), "robot", "wrong");
        try (RemotePull.Answer a = pull.read("GET", "library/alpine", "manifests", "3.18", List.of())) {
            assertEquals(401, a.status());
        }
        assertEquals(1, tokenRequests.size());
    }
}
