package io.wharf.replication;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A Debian docker-registry on a free loopback port, for the tests of copies between real registries. */
final class LocalRegistry implements AutoCloseable {
    private final Process process;
    final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/docker-registry"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static LocalRegistry start(Path dir) throws Exception {
        int port = freePort();
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("config.yml"), "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process p = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry r = new LocalRegistry(p, port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(r.url() + "/v2/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return r;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        r.close();
        throw new IOException("docker-registry did not start");
    }

    String url() { return "http://127.0.0.1:" + port; }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
