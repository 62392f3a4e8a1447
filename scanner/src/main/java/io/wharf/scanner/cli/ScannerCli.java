package io.wharf.scanner.cli;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.ExportManifest;
import io.wharf.scanner.FeedSource;
import io.wharf.scanner.FeedSources;
import io.wharf.scanner.SourceUpdate;
import io.wharf.scanner.UpdateOptions;
import io.wharf.scanner.UpdateResult;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.Severity;
import io.wharf.scanner.SourceStatus;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.image.LocalImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Command line of the embedded scanner.
 * <pre>
 * ScannerCli --jdbc-url URL [--user U --password P] [--debug] vulndb import PATH...
 * ScannerCli --jdbc-url URL vulndb status
 * ScannerCli --jdbc-url URL vulndb export FILE
 * ScannerCli --jdbc-url URL scan PATH[:tag] [--format table|json|cyclonedx] [--fail-on SEVERITY]
 * </pre>
 * Exit codes: 0 done, 1 a finding at or above {@code --fail-on}, 2 usage or runtime error (one line on stderr;
 * the stack trace only with {@code --debug}).
 */
public final class ScannerCli {
    public static final int OK = 0;
    public static final int VULNERABLE = 1;
    public static final int ERROR = 2;

    /** Where embedded Derby's boot log goes unless the user configured one: nowhere (no stray derby.log files). */
    public static final OutputStream DERBY_LOG = OutputStream.nullOutputStream();

    private static final String USAGE = "usage: ScannerCli --jdbc-url URL [--user U] [--password P] [--debug]"
            + " (vulndb import PATH... | vulndb status | vulndb update | vulndb export FILE | scan PATH[:tag] [--format table|json|cyclonedx]"
            + " [--fail-on Critical|High|Medium|Low|Unknown])";

    private final PrintStream out;
    private final PrintStream err;

    public ScannerCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ScannerCli(System.out, System.err).run(args));
    }

    /** Runs one command and returns the exit code (never calls System.exit, so tests and wrappers can call it). */
    public int run(String[] args) {
        return run(args, null);
    }

    /**
     * Runs one command against a database the caller already holds (the Wharf server's own data
     * source, which an embedded Derby lets no other process open); {@code --jdbc-url} is then not
     * needed and the database is left open.
     */
    public int run(String[] args, javax.sql.DataSource dataSource) {
        boolean debug = List.of(args).contains("--debug");
        Options options;
        try {
            options = Options.parse(args, dataSource == null);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return ERROR;
        }
        if (!debug) {
            // warnings are collected and printed by the commands; keep java.util.logging quiet on the console
            Logger.getLogger("io.wharf.scanner").setLevel(Level.SEVERE);
        }
        if (System.getProperty("derby.stream.error.field") == null && System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.field", ScannerCli.class.getName() + ".DERBY_LOG");
        }
        try {
            VulnDatabase db = new VulnDatabase(dataSource != null ? dataSource
                    : new DriverManagerDataSource(options.jdbcUrl, options.user, options.password));
            return switch (options.command) {
                case "import" -> importData(db, options.arguments);
                case "status" -> status(db);
                case "update" -> update(db);
                case "export" -> export(db, options.arguments.get(0));
                default -> scan(db, options);
            };
        } catch (Exception e) {
            err.println("error: " + oneLine(e));
            if (debug) {
                e.printStackTrace(err);
            }
            return ERROR;
        } finally {
            if (dataSource == null) shutdownEmbeddedDerby(options.jdbcUrl);
        }
    }

    private int importData(VulnDatabase db, List<String> paths) {
        ImportResult result = db.importFrom(paths.stream().map(Path::of).toList());
        for (Map.Entry<String, Integer> e : result.counts().entrySet()) {
            out.printf("%-16s %d records%n", e.getKey(), e.getValue());
        }
        if (result.counts().isEmpty()) {
            out.println("no records imported");
        }
        for (String w : result.warnings()) {
            out.println("warning: " + w);
        }
        return OK;
    }

    /**
     * Updates from {@code VULNDB_SOURCES} (or the public defaults), downloading into
     * {@code VULNDB_DATA_DIR} (default: a folder in the system's temporary directory).
     */
    private int update(VulnDatabase db) {
        String configured = System.getenv("VULNDB_SOURCES");
        List<FeedSource> sources = configured == null ? FeedSources.defaults() : FeedSources.parse(configured);
        if (sources.isEmpty()) {
            err.println("error: VULNDB_SOURCES turns the updater off; import an archive with 'vulndb import FILE'");
            return ERROR;
        }
        String dir = System.getenv().getOrDefault("VULNDB_DATA_DIR", Path.of(System.getProperty("java.io.tmpdir"), "wharf-vulndb-feeds").toString());
        long maxMb = Long.parseLong(System.getenv().getOrDefault("VULNDB_MAX_FILE_MB", "2048"));
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        String apiKey = System.getenv("VULNDB_NVD_API_KEY");
        if (apiKey != null && !apiKey.isBlank()) headers.put("apiKey", apiKey);
        UpdateResult result = db.update(sources, new UpdateOptions(Path.of(dir), maxMb * 1024 * 1024,
                java.time.Duration.ofMinutes(10), headers, true), out::println);
        for (SourceUpdate u : result.sources()) {
            out.printf("%-24s %-13s %8d records%s%n", u.name(), u.outcome(), u.records(), u.error() == null ? "" : "   " + u.error());
        }
        out.println("generation " + result.generation());
        return result.sources().stream().allMatch(u -> u.outcome().equals("failed")) ? ERROR : OK;
    }

    private int export(VulnDatabase db, String file) {
        io.wharf.scanner.ExportManifest m = db.exportTo(Path.of(file));
        for (io.wharf.scanner.ExportManifest.Source s : m.sources()) {
            out.printf("%-16s %8d records   sha256 %s%n", s.name(), s.records(), s.sha256());
        }
        out.printf("wrote %s: %d sources, %d records, generation %d%n", file, m.sources().size(), m.totalRecords(),
                m.generation());
        return OK;
    }

    private int status(VulnDatabase db) {
        List<SourceStatus> sources = db.status();
        if (sources.isEmpty()) {
            out.println("vulnerability database is empty: run 'vulndb import PATH...'");
        }
        for (SourceStatus s : sources) {
            out.printf("%-16s %8d records   updated %s%s%n", s.name(), s.records(),
                    s.lastUpdated() == null ? "never" : s.lastUpdated(),
                    s.lastError() == null ? "" : "   last error: " + s.lastError());
        }
        return OK;
    }

    private int scan(VulnDatabase db, Options options) throws Exception {
        String image = options.arguments.get(0);
        if (db.state().empty()) {
            // "No vulnerabilities" from an empty database would be a lie.
            err.println("error: vulnerability database is empty: run 'vulndb update' or 'vulndb import PATH...' first");
            return ERROR;
        }
        ScanReport report;
        try (LocalImage local = LocalImage.open(image)) {
            report = new EmbeddedScanner(db).scan(local.layers(), local.blobs());
        }
        switch (options.format) {
            case "json" -> ReportWriter.json(report, image, out);
            case "cyclonedx" -> ReportWriter.cyclonedx(report, image, out);
            default -> ReportWriter.table(report, image, out);
        }
        if (options.failOn != null && report.findings().stream().anyMatch(f -> f.severity().isAtLeast(options.failOn))) {
            return VULNERABLE;
        }
        return OK;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }

    private static void shutdownEmbeddedDerby(String url) {
        if (url == null || !url.startsWith("jdbc:derby:") || url.startsWith("jdbc:derby://")) {
            return;
        }
        // Shut down only this database (not the engine), so its files are consistent and unlocked when we exit.
        String name = url.substring("jdbc:derby:".length()).split(";", 2)[0];
        if (name.isEmpty() || name.startsWith("memory:")) {
            return;
        }
        try {
            DriverManager.getConnection("jdbc:derby:" + name + ";shutdown=true").close();
        } catch (SQLException expected) {
            // Derby reports a successful shutdown as SQLState 08006
        }
    }

    /** Parsed command line. */
    private static final class Options {
        String jdbcUrl;
        String user;
        String password;
        String command;
        String format = "table";
        Severity failOn;
        final List<String> arguments = new ArrayList<>();

        static Options parse(String[] args, boolean needUrl) throws UsageException {
            Options o = new Options();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--jdbc-url" -> o.jdbcUrl = value(args, ++i, a);
                    case "--user" -> o.user = value(args, ++i, a);
                    case "--password" -> o.password = value(args, ++i, a);
                    case "--format" -> o.format = value(args, ++i, a);
                    case "--fail-on" -> {
                        String s = value(args, ++i, a);
                        try {
                            o.failOn = Severity.fromLabel(s);
                        } catch (IllegalArgumentException e) {
                            throw new UsageException(e.getMessage());
                        }
                    }
                    case "--debug" -> {
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            throw new UsageException("unknown option " + a);
                        }
                        positional.add(a);
                    }
                }
            }
            if (positional.isEmpty()) {
                throw new UsageException("no command given");
            }
            if (!List.of("table", "json", "cyclonedx").contains(o.format)) {
                throw new UsageException("unknown format '" + o.format + "' (table, json or cyclonedx)");
            }
            String first = positional.get(0);
            if (first.equals("vulndb")) {
                if (positional.size() < 2 || !List.of("import", "status", "update", "export").contains(positional.get(1))) {
                    throw new UsageException("vulndb needs a sub-command: import PATH..., status, update or export FILE");
                }
                o.command = positional.get(1);
                o.arguments.addAll(positional.subList(2, positional.size()));
                if (o.command.equals("export") && o.arguments.size() != 1) {
                    throw new UsageException("vulndb export needs one FILE");
                }
                if (o.command.equals("import") && o.arguments.isEmpty()) {
                    throw new UsageException("vulndb import needs at least one PATH");
                }
                if (o.command.equals("export") && o.arguments.size() != 1) {
                    throw new UsageException("vulndb export needs exactly one FILE");
                }
            } else if (first.equals("scan")) {
                o.command = "scan";
                o.arguments.addAll(positional.subList(1, positional.size()));
                if (o.arguments.size() != 1) {
                    throw new UsageException("scan needs exactly one PATH (OCI layout directory or docker-archive tarball)");
                }
            } else {
                throw new UsageException("unknown command '" + first + "'");
            }
            if (needUrl && (o.jdbcUrl == null || o.jdbcUrl.isBlank())) {
                throw new UsageException("--jdbc-url is required (e.g. jdbc:derby:/var/lib/wharf/vulndb;create=true)");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) throws UsageException {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new UsageException(option + " needs a value");
            }
            return args[i];
        }
    }
}
