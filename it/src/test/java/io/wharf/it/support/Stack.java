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

    public static String registryDirectUrl() {
        try {
            return "http://127.0.0.1:" + java.nio.file.Files.readString(home().resolve("run/registry.port")).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the test stack is not running", e);
        }
    }
}
