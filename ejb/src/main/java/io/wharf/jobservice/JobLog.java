package io.wharf.jobservice;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A job's own log file: one line per message, timestamp and level first. Anything that looks like
 * a credential is masked before it is kept.
 *
 * <p>Lines are collected in memory and appended to the file in one write when the log is read
 * ({@link JobLogs#read}), every second (the scheduler's tick), and when the job ends. A job of a
 * few milliseconds so costs one file write instead of an open and a flush per line, and a reader
 * still sees every line written so far. A server killed outright loses at most the last second.
 */
public final class JobLog implements AutoCloseable {
    private static final Pattern SECRETS = Pattern.compile(
            "(?i)((?:authorization|password|secret|token)[\"']?\\s*[:=]\\s*[\"']?)(?:(?:basic|bearer|harbor-secret)\\s+)?[^\\s\"',}]+");
    private final Path file;
    private final Consumer<JobLog> onClose;
    private final StringBuilder pending = new StringBuilder(256);
    private boolean closed;

    JobLog(Path file, Consumer<JobLog> onClose) {
        this.file = file;
        this.onClose = onClose;
    }

    public void info(String message) { write("INFO", message); }
    public void warning(String message) { write("WARNING", message); }
    public void error(String message) { write("ERROR", message); }

    /** Masks values of authorization, password, secret and token fields. */
    public static String mask(String message) {
        return message == null ? "" : SECRETS.matcher(message).replaceAll("$1***");
    }

    private synchronized void write(String level, String message) {
        pending.append(Instant.now()).append(" [").append(level).append("] ").append(mask(message).replace('\n', ' ')).append('\n');
        // A log written after its job ended (a late line from another thread) goes out at once.
        if (closed) flush();
    }

    /** Appends the lines collected so far to the file. */
    public synchronized void flush() {
        if (pending.isEmpty()) return;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
            pending.setLength(0);
        } catch (IOException e) {
            // A full disk must not fail the job itself; the lines are tried again at the next flush.
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            flush();
        }
        onClose.accept(this);
    }
}
