package io.wharf.it.support;

import java.nio.file.Path;

/** Where the stack under test runs, as the build passes it in system properties. */
public final class Stack {
    private Stack() {}

    /** Wharf as bin/wharf up started it. */
    public static String url() { return System.getProperty("wharf.url", "http://127.0.0.1:18080"); }

    /** host:port as registry clients name it. */
    public static String host() { return url().replaceFirst("^https?://", ""); }

    public static String adminPassword() { return System.getProperty("wharf.admin.password", "Harbor12345"); }

    public static Path home() { return Path.of(System.getProperty("wharf.home", "target/wharf-home")); }

    public static Path root() { return Path.of(System.getProperty("wharf.root", "..")); }

    public static String internalSecret() {
        try {
            return java.nio.file.Files.readString(home().resolve("secret/internal.secret")).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the test stack is not running", e);
        }
    }

    /**
     * The settings of a second stack beside the test stack (bin/wharf up in {@code home} on ports from {@code firstPort}
     * on: HTTP, HTTPS, registry, Redis): one server on embedded Derby, the EAR the build made. Callers add their own.
     */
    public static java.util.Map<String, String> secondStack(Path home, int firstPort) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("WHARF_HOME", home.toString());
        env.put("WHARF_HTTP_PORT", String.valueOf(firstPort));
        env.put("WHARF_HTTPS_PORT", String.valueOf(firstPort + 1));
        env.put("WHARF_REGISTRY_PORT", String.valueOf(firstPort + 2));
        env.put("WHARF_REDIS_PORT", String.valueOf(firstPort + 3));
        env.put("WHARF_SERVERS", "1");
        env.put("WHARF_EXTRA_SERVERS", "");
        env.put("WHARF_DB_TYPE", "derby");
        env.put("WHARF_SKIP_BUILD", "true");
        return env;
    }

    /** Runs bin/wharf with the settings the build started the stack with (they are in this JVM's environment). */
    public static Cmd.Result wharf(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = root().resolve("bin/wharf").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return Cmd.run(command);
    }

    /** Stops only the Liberty server of the stack, as a crash of Wharf would. */
    public static Cmd.Result stopLiberty() {
        return Cmd.runWithEnv(java.util.Map.of("WLP_USER_DIR", home().resolve("liberty/usr").toString(),
                        "WLP_OUTPUT_DIR", home().resolve("liberty/output").toString()),
                root().resolve("ear/target/liberty/wlp/bin/server").toString(), "stop", "wharf");
    }

    /** Kills Liberty as a crash would (kill -9) and waits until the process is gone. */
    public static void killLiberty() throws java.io.IOException {
        String pid = java.nio.file.Files.readString(home().resolve("liberty/output/.pid/wharf.pid")).strip();
        Cmd.Result killed = Cmd.run("kill", "-9", pid);
        if (!killed.ok()) throw new AssertionError("kill -9 " + pid + ": " + killed);
        java.nio.file.Path status = java.nio.file.Path.of("/proc", pid, "status");
        Eventually.await("the killed server to exit", java.time.Duration.ofSeconds(30), () -> {
            try {
                return !java.nio.file.Files.exists(status) || java.nio.file.Files.readString(status).contains("State:\tZ");
            } catch (java.io.IOException e) {
                return true;
            }
        }, gone -> gone);
    }

    /** A command to the stack's Redis. */
    public static Cmd.Result redis(String command) {
        return Cmd.run("redis-cli", "-p", System.getenv().getOrDefault("WHARF_REDIS_PORT", "18379"), command);
    }

    public static String registryDirectUrl() {
        try {
            return "http://127.0.0.1:" + java.nio.file.Files.readString(home().resolve("run/registry.port")).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the test stack is not running", e);
        }
    }
}
