package io.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Pings against a small server that challenges as Distribution does (Basic, or Bearer through a token service). */
class RemoteRegistryTest {
    private HttpServer server;
    private final CloseableHttpClient client = HttpClients.createDefault();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private String start(String mode) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String basic = "Basic " + Base64.getEncoder().encodeToString("robot:pa55".getBytes(StandardCharsets.UTF_8));
        server.createContext("/v2/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            seen.add("v2 " + auth);
            switch (mode) {
                case "open" -> answer(ex, 200, "{}");
                case "basic" -> {
                    if (basic.equals(auth)) answer(ex, 200, "{}");
                    else challenge(ex, "Basic realm=\"registry\"");
                }
                case "bearer" -> {
                    if ("Bearer tok-1".equals(auth)) answer(ex, 200, "{}");
                    else challenge(ex, "Bearer realm=\"" + base + "/token\",service=\"upstream\"");
                }
                default -> answer(ex, 404, "not a registry");
            }
        });
        server.createContext("/token", ex -> {
            seen.add("token " + ex.getRequestURI().getQuery() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            if (basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) answer(ex, 200, "{\"token\":\"tok-1\"}");
            else answer(ex, 401, "{}");
        });
        server.start();
        return base;
    }

    private static void challenge(HttpExchange ex, String value) throws IOException {
        ex.getResponseHeaders().add("WWW-Authenticate", value);
        answer(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
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
    void anOpenRegistryIsHealthyWithoutCredentials() throws IOException {
        assertTrue(new RemoteRegistry(client, start("open") + "/", null, null).ping().healthy());
    }

    @Test
    void basicAuthIsAnsweredWithTheCredentialAndAWrongOneIsSaidPlainly() throws IOException {
        String base = start("basic");
        assertTrue(new RemoteRegistry(client, base, "robot", "pa55").ping().healthy());
        RemoteRegistry.Health wrong = new RemoteRegistry(client, base, "robot", "nope").ping();
        assertFalse(wrong.healthy());
        assertEquals("the registry refused the credentials", wrong.reason());
        RemoteRegistry.Health none = new RemoteRegistry(client, base, null, null).ping();
        assertTrue(none.reason().contains("asks for credentials"), none.reason());
    }

    @Test
    void aBearerChallengeGetsATokenFromTheRealmWithTheServiceNamed() throws IOException {
        String base = start("bearer");
        assertTrue(new RemoteRegistry(client, base, "robot", "pa55").ping().healthy());
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("token service=upstream Basic ")), seen.toString());
        assertTrue(seen.contains("v2 Bearer tok-1"), seen.toString());
        RemoteRegistry.Health refused = new RemoteRegistry(client, base, "robot", "wrong").ping();
        assertFalse(refused.healthy());
        assertFalse(refused.reason().contains("wrong"), "the secret never appears in a reason");
    }

    @Test
    void somethingThatIsNotARegistryOrNotThereIsUnhealthyWithAReason() throws IOException {
        RemoteRegistry.Health notRegistry = new RemoteRegistry(client, start("web"), null, null).ping();
        assertFalse(notRegistry.healthy());
        assertTrue(notRegistry.reason().contains("HTTP 404"), notRegistry.reason());
        server.stop(0);
        RemoteRegistry.Health gone = new RemoteRegistry(client, "http://127.0.0.1:1", null, null).ping();
        assertFalse(gone.healthy());
        assertTrue(gone.reason().startsWith("cannot reach http://127.0.0.1:1"), gone.reason());
    }
}
