package io.wharf.jobservice;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A job's own log file: one line per message, timestamp and level first, flushed at once so it can
 * be read while the job runs. Anything that looks like a credential is masked before it is written.
 */
public final class JobLog implements AutoCloseable {
    private static final Pattern SECRETS = Pattern.compile(
            "(?i)((?:authorization|password|secret|token)[\"']?\\s*[:=]\\s*[\"']?)(?:(?:basic|bearer|harbor-secret)\\s+)?[^\\s\"',}]+");
    private final BufferedWriter out;

    JobLog(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public void info(String message) { write("INFO", message); }
    public void warning(String message) { write("WARNING", message); }
    public void error(String message) { write("ERROR", message); }

    /** Masks values of authorization, password, secret and token fields. */
    public static String mask(String message) {
        return message == null ? "" : SECRETS.matcher(message).replaceAll("$1***");
    }

    private synchronized void write(String level, String message) {
        try {
            out.write(Instant.now() + " [" + level + "] " + mask(message).replace('\n', ' '));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            // A full disk must not fail the job itself.
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing more to write
        }
    }
}
