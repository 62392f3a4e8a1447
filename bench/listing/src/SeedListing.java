import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Seeds a stopped stack's database for the listing benchmark (bench/listing/README.md): projects,
 * repositories, artifacts, tags, scan overviews, labels and one finished scan-all run, written with
 * JDBC batch inserts into Wharf's own tables (the schema the migrations made when the stack first
 * started). Settings (environment): SEED_JDBC_URL (required), SEED_USER, SEED_PASSWORD,
 * SEED_PROJECTS 20, SEED_REPOSITORIES 2000, SEED_ARTIFACTS 100000, SEED_PREFIX bench.
 */
public class SeedListing {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

    public static void main(String[] args) throws Exception {
        String url = System.getenv("SEED_JDBC_URL");
        if (url == null) throw new IllegalArgumentException("SEED_JDBC_URL is required");
        int projects = env("SEED_PROJECTS", 20), repositories = env("SEED_REPOSITORIES", 2000), artifacts = env("SEED_ARTIFACTS", 100_000);
        String prefix = System.getenv().getOrDefault("SEED_PREFIX", "bench");
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, System.getenv("SEED_USER"), System.getenv("SEED_PASSWORD"))) {
            c.setAutoCommit(false);
            long owner = single(c, "select min(id) from wharf_user where sysadmin = 1");
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            long[] projectIds = new long[projects];
            try (PreparedStatement p = c.prepareStatement("insert into project (name, owner_id, creation_time, update_time) values (?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < projects; i++) {
                    p.setString(1, String.format("%s-p%02d", prefix, i));
                    p.setLong(2, owner);
                    p.setTimestamp(3, ts(t0));
                    p.setTimestamp(4, ts(t0));
                    p.executeUpdate();
                    try (ResultSet k = p.getGeneratedKeys()) { k.next(); projectIds[i] = k.getLong(1); }
                }
            }
            try (PreparedStatement m = c.prepareStatement("insert into project_metadata (project_id, meta_name, meta_value) values (?,?,?)")) {
                for (long id : projectIds) { m.setLong(1, id); m.setString(2, "public"); m.setString(3, "false"); m.addBatch(); }
                m.executeBatch();
            }
            long[] labelIds = new long[3];
            try (PreparedStatement l = c.prepareStatement("insert into harbor_label (name, color, description, scope, project_id, creation_time, update_time)"
                    + " values (?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < labelIds.length; i++) {
                    l.setString(1, prefix + "-label-" + i); l.setString(2, "#00" + i + "0FF"); l.setString(3, "seeded");
                    l.setString(4, "g"); l.setLong(5, 0); l.setTimestamp(6, ts(t0)); l.setTimestamp(7, ts(t0));
                    l.executeUpdate();
                    try (ResultSet k = l.getGeneratedKeys()) { k.next(); labelIds[i] = k.getLong(1); }
                }
            }
            c.commit();
            long[] repoIds = new long[repositories];
            try (PreparedStatement r = c.prepareStatement("insert into repository (name, project_id, pull_count, creation_time, update_time)"
                    + " values (?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < repositories; i++) {
                    int project = i % projects;
                    r.setString(1, String.format("%s-p%02d/app-%04d", prefix, project, i));
                    r.setLong(2, projectIds[project]);
                    r.setLong(3, i * 7L % 1000);
                    r.setTimestamp(4, ts(t0.plusSeconds(i)));
                    r.setTimestamp(5, ts(t0.plusSeconds(i)));
                    r.executeUpdate();
                    try (ResultSet k = r.getGeneratedKeys()) { k.next(); repoIds[i] = k.getLong(1); }
                }
            }
            c.commit();
            String runId = "seed-" + prefix;
            try (PreparedStatement run = c.prepareStatement("insert into scan_all_run (id, run_trigger, ongoing, stopped, start_time, end_time, total)"
                    + " values (?,?,?,?,?,?,?)")) {
                run.setString(1, runId); run.setString(2, "Manual"); run.setInt(3, 0); run.setInt(4, 0);
                run.setTimestamp(5, ts(t0)); run.setTimestamp(6, ts(t0.plusSeconds(3600))); run.setInt(7, artifacts);
                run.executeUpdate();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (PreparedStatement a = c.prepareStatement("insert into artifact (repository_id, project_id, digest, manifest_media_type, media_type,"
                    + " size, push_time, pull_time, config_digest, layer_digests) values (?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement t = c.prepareStatement("insert into tag (repository_id, artifact_id, name, push_time) values (?,?,?,?)");
                 PreparedStatement o = c.prepareStatement("insert into img_scan_overview (digest, job_id, status, severity, critical_count, high_count,"
                         + " medium_count, low_count, unknown_count, total_count, fixable_count, scanner_name, scanner_vendor, scanner_version,"
                         + " start_time, end_time, update_time) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement j = c.prepareStatement("insert into img_scan_job (id, digest, repository, project_id, status, scan_trigger,"
                         + " scan_all_id, create_time, update_time) values (?,?,?,?,?,?,?,?,?)");
                 PreparedStatement al = c.prepareStatement("insert into artifact_label (artifact_id, label_id, creation_time) values (?,?,?)")) {
                String[] severities = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"};
                String[] statuses = {"SUCCESS", "SUCCESS", "SUCCESS", "ERROR", "STOPPED"}; // a finished run: nothing for the scan reconciler to chase
                String base = "sha256:" + hex(sha.digest((prefix + "-base").getBytes(StandardCharsets.UTF_8)));
                for (int i = 0; i < artifacts; i++) {
                    int repo = i % repositories;
                    String digest = "sha256:" + hex(sha.digest((prefix + "-artifact-" + i).getBytes(StandardCharsets.UTF_8)));
                    String config = "sha256:" + hex(sha.digest((prefix + "-config-" + i).getBytes(StandardCharsets.UTF_8)));
                    Instant pushed = t0.plusSeconds(3600 + i);
                    a.setLong(1, repoIds[repo]); a.setLong(2, projectIds[repo % projects]); a.setString(3, digest);
                    a.setString(4, OCI_MANIFEST); a.setString(5, OCI_CONFIG); a.setLong(6, 1_000_000L + i);
                    a.setTimestamp(7, ts(pushed)); a.setTimestamp(8, i % 3 == 0 ? null : ts(pushed.plusSeconds(60)));
                    a.setString(9, config); a.setString(10, config + "\n" + base + "\n" + digest.replace("sha256:", "sha256:f"));
                    a.executeUpdate();
                    long id;
                    try (ResultSet k = a.getGeneratedKeys()) { k.next(); id = k.getLong(1); }
                    if (i % 5 != 4) { // four in five are tagged
                        t.setLong(1, repoIds[repo]); t.setLong(2, id); t.setString(3, "v" + (i / repositories) + (i % 10 == 0 ? "-release" : ""));
                        t.setTimestamp(4, ts(pushed)); t.addBatch();
                    }
                    if (i % 2 == 0) { // half have been scanned
                        o.setString(1, digest); o.setString(2, "seed-job-" + i); o.setString(3, "SUCCESS");
                        o.setString(4, severities[i % severities.length]);
                        for (int s = 5; s <= 11; s++) o.setInt(s, (i + s) % 7);
                        o.setString(12, "Wharf"); o.setString(13, "Wharf"); o.setString(14, "seed");
                        o.setTimestamp(15, ts(pushed)); o.setTimestamp(16, ts(pushed.plusSeconds(2))); o.setTimestamp(17, ts(pushed.plusSeconds(2)));
                        o.addBatch();
                    }
                    j.setString(1, "seed-" + i); j.setString(2, digest); j.setString(3, String.format("%s-p%02d/app-%04d", prefix, repo % projects, repo));
                    j.setLong(4, projectIds[repo % projects]); j.setString(5, statuses[i % statuses.length]); j.setString(6, "SCAN_ALL");
                    j.setString(7, runId); j.setTimestamp(8, ts(pushed)); j.setTimestamp(9, ts(pushed)); j.addBatch();
                    if (i % 100 == 0) { // one in a hundred has a label
                        al.setLong(1, id); al.setLong(2, labelIds[i / 100 % labelIds.length]); al.setTimestamp(3, ts(pushed)); al.addBatch();
                    }
                    if (i % 1000 == 999) {
                        t.executeBatch(); o.executeBatch(); j.executeBatch(); al.executeBatch();
                        c.commit();
                        if (i % 10000 == 9999) System.out.printf("seeded %d artifacts%n", i + 1);
                    }
                }
                t.executeBatch(); o.executeBatch(); j.executeBatch(); al.executeBatch();
                c.commit();
            }
        }
        System.out.printf("seeded %d projects, %d repositories, %d artifacts in %.0f s%n", projects, repositories, artifacts,
                (System.nanoTime() - started) / 1e9);
    }

    static long single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) throw new IllegalStateException("no row for " + sql);
            return r.getLong(1);
        }
    }

    static Timestamp ts(Instant i) { return Timestamp.from(i); }

    static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v);
    }
}
