package io.wharf.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Docker daemon of a test's own, as DockerCliE2EIT starts one: vfs storage, no network setup, its
 * own socket, data, exec root and client config in a folder under target/, trusting the stack's
 * plain-HTTP registry. Aborts (skips) the test when no daemon can start here; {@link #close()} stops it.
 */
public final class DockerDaemon implements AutoCloseable {
    private final Path dir;
    private Process process;

    private DockerDaemon(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    public static DockerDaemon start() throws IOException, InterruptedException {
        String binary = System.getProperty("it.dockerd", "/usr/sbin/dockerd");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(binary)), "no dockerd at " + binary + " (Debian package docker.io)");
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path dir = Files.createTempDirectory(target, "dk");
        Process process = new ProcessBuilder(binary, "--storage-driver", "vfs", "--iptables=false", "--ip6tables=false", "--bridge=none",
                "--host", "unix://" + dir.resolve("docker.sock"), "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("docker.pid").toString(),
                "--insecure-registry", Stack.host())
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        DockerDaemon daemon = new DockerDaemon(dir, process);
        for (int i = 0; i < 60 && process.isAlive(); i++) {
            if (daemon.docker("version").ok()) return daemon;
            Thread.sleep(1000);
        }
        String log = Files.readString(dir.resolve("dockerd.log"));
        daemon.close();
        Assumptions.abort("dockerd did not start here: " + log.substring(Math.max(0, log.length() - 2000)));
        return null;
    }

    /** The folder of this daemon's files (a test may keep its own files there). */
    public Path dir() { return dir; }

    /** The docker CLI against this daemon. */
    public Cmd.Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "--config", dir.resolve("client").toString(),
                "--host", "unix://" + dir.resolve("docker.sock")));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd);
    }

    /** {@code docker login} to the stack, the password on stdin as a script would give it. */
    public Cmd.Result login(String user, String password) throws IOException {
        Path file = dir.resolve("password");
        Files.writeString(file, password);
        return Cmd.run("sh", "-c", "docker --config '" + dir.resolve("client") + "' --host 'unix://" + dir.resolve("docker.sock")
                + "' login --username '" + user + "' --password-stdin '" + Stack.host() + "' < '" + file + "'");
    }

    /** Loads an OCI layout's tag into the daemon as {@code reference}. */
    public Cmd.Result load(Path layout, String tag, String reference) {
        Path archive = dir.resolve("load-" + Math.abs(reference.hashCode()) + ".tar");
        Cmd.Result made = Images.copy("oci:" + layout + ":" + tag, "docker-archive:" + archive + ":" + reference, null, null, null);
        if (!made.ok()) return made;
        return docker("load", "--input", archive.toString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }
}
