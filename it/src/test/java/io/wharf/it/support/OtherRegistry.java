package io.wharf.it.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second Debian {@code docker-registry}, outside Wharf, for the tests of remote registries: open,
 * or behind htpasswd Basic auth. Its port comes after the stack's registry port (the stack's own
 * port block), so parallel test runs on other ports do not meet.
 */
public final class OtherRegistry implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private OtherRegistry(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The stack's registry port plus an offset (each test picks its own offset). */
    public static int portAfterStackRegistry(int offset) {
        return Integer.getInteger("it.registry.port", 18500) + offset;
    }

    public static OtherRegistry start(Path dir, int port, String user, String password) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        if (user != null) {
            Cmd.Result hash = Cmd.run("htpasswd", "-nbB", user, password);
            if (!hash.ok()) throw new IOException("htpasswd failed: " + hash);
            Files.writeString(dir.resolve("htpasswd"), hash.output().strip() + "\n");
            config.append("auth:\n  htpasswd:\n    realm: other-registry\n    path: ").append(dir.resolve("htpasswd")).append('\n');
        }
        Files.writeString(dir.resolve("config.yml"), config.toString());
        Process p = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        OtherRegistry r = new OtherRegistry(p, port, dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(r.url() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                int status = c.getResponseCode();
                if (status == 200 || status == 401) return r;
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        r.close();
        throw new IOException("docker-registry did not answer on port " + port);
    }

    public String url() { return "http://127.0.0.1:" + port; }
    public String hostPort() { return "127.0.0.1:" + port; }
    public Path dir() { return dir; }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void close() { stop(); }
}
