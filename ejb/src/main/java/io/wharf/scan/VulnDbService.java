package io.wharf.scan;

import io.wharf.common.WharfException;
import io.wharf.scanner.DatabaseState;
import io.wharf.scanner.ExportManifest;
import io.wharf.scanner.FeedSource;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.UpdateOptions;
import io.wharf.scanner.UpdateResult;
import io.wharf.scanner.SourceStatus;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.cli.ScannerCli;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The embedded scanner's vulnerability database inside the server, on the application's own data
 * source. While the server runs it holds an embedded Derby database, so {@code bin/wharf vulndb}
 * and {@code bin/wharf scan} come through here; when it is down they open the database themselves.
 * The scanner manages its own JDBC transactions, hence a plain CDI bean, outside any container transaction.
 */
@ApplicationScoped
public class VulnDbService {
    @Resource(lookup = "jdbc/wharf")
    DataSource dataSource;

    /** What the command line printed and its exit code. */
    public record CliOutput(int exitCode, String out, String err) {}

    public ImportResult importFrom(List<String> paths) {
        return new VulnDatabase(dataSource).importFrom(checkedPaths(paths));
    }

    public List<SourceStatus> status() {
        return new VulnDatabase(dataSource).status();
    }

    public DatabaseState state() {
        return new VulnDatabase(dataSource).state();
    }

    /** Downloads what changed at each source and swaps it in; the log gets one line per source. */
    public UpdateResult update(List<FeedSource> sources, UpdateOptions options, Consumer<String> log) {
        return new VulnDatabase(dataSource).update(sources, options, log);
    }

    /** Writes the whole database as one archive (air-gapped installations import it). */
    public ExportManifest exportTo(String path) {
        Path target = path == null || path.isBlank() ? null : Path.of(path);
        if (target == null || !target.isAbsolute() || target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw WharfException.badRequest("path must be an absolute file name in an existing folder on the server: " + path);
        }
        if (Files.isDirectory(target)) throw WharfException.badRequest("path names a folder, not a file: " + path);
        return new VulnDatabase(dataSource).exportTo(target);
    }

    /** Runs the scanner's command line (vulndb import|status, scan) against the server's database. */
    public CliOutput run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new ScannerCli(o, e).run(args.toArray(String[]::new), dataSource);
        }
        return new CliOutput(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Scans an image on the server's disk (OCI layout {@code DIR[:tag]} or docker-archive tarball). */
    public CliOutput scanLocal(String spec, String format, String failOn) {
        String file = spec == null ? "" : spec.replaceFirst(":[A-Za-z0-9_.-]+$", "");
        checkedPaths(List.of(file));
        List<String> args = new ArrayList<>(List.of("scan", spec, "--format", format == null ? "table" : format));
        if (failOn != null && !failOn.isBlank()) args.addAll(List.of("--fail-on", failOn));
        return run(args);
    }

    /** Paths as the server sees them: absolute, existing. */
    public static List<Path> checkedPaths(List<String> paths) {
        if (paths == null || paths.isEmpty()) throw WharfException.badRequest("paths must name at least one file or folder");
        List<Path> result = new ArrayList<>();
        for (String p : paths) {
            Path path = p == null || p.isBlank() ? null : Path.of(p);
            if (path == null || !path.isAbsolute() || !Files.exists(path)) {
                throw WharfException.badRequest("not an absolute path to an existing file or folder on the server: " + p);
            }
            result.add(path);
        }
        return result;
    }
}
