package io.wharf.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line (skopeo, podman, umoci) with a time limit and keeps what it printed. */
public final class Cmd {
    private Cmd() {}

    public record Result(int exit, String output) {
        public boolean ok() { return exit == 0; }
        @Override public String toString() { return "exit " + exit + ": " + output; }
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    public static Result run(List<String> command) {
        return runWithEnv(java.util.Map.of(), command.toArray(String[]::new));
    }

    public static Result runWithEnv(java.util.Map<String, String> env, String... command) {
        return runWithEnv(java.time.Duration.ofSeconds(300), env, command);
    }

    /** As {@link #runWithEnv(java.util.Map, String...)} with a time limit of its own (starting several servers takes longer). */
    public static Result runWithEnv(java.time.Duration limit, java.util.Map<String, String> env, String... command) {
        try {
            Path log = Files.createTempFile("wharf-cmd", ".log");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", List.of(command)));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
