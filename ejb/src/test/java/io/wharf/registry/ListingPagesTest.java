package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.common.HarborQuery;
import io.wharf.schema.Entities;
import io.wharf.schema.SchemaMigrations;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Artifact listings paged by the database (issue 23, large installations): on a few hundred artifacts
 * in the migrated schema (embedded Derby, EclipseLink outside the server), every page of every query
 * put together is the whole filtered list in the order the in-memory listing had, and the count is
 * the number of artifacts that match.
 */
class ListingPagesTest {
    private static final int ARTIFACTS = 310;
    private static EmbeddedDataSource ds;
    private static EntityManagerFactory emf;
    private static RegistryContent content;
    private static long repository;
    private static long otherRepository;
    private static long labelA;
    private static long labelB;
    /** What was seeded into {@link #repository}, by artifact id. */
    private static final Map<Long, Seeded> SEEDED = new HashMap<>();

    record Seeded(long id, String digest, long size, Instant pushTime, Instant pullTime, List<String> tags, List<Long> labels) {}

    @BeforeAll
    static void seed() throws SQLException {
        ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:listing_pages_" + ProcessHandle.current().pid());
        ds.setCreateDatabase("create");
        SchemaMigrations.migrate(ds);
        try (Connection c = ds.getConnection()) {
            long project = insert(c, "insert into project (name, owner_id, creation_time, update_time) values ('p', 1, ?, ?)",
                    Timestamp.from(Instant.EPOCH), Timestamp.from(Instant.EPOCH));
            repository = insert(c, "insert into repository (name, project_id, pull_count, creation_time, update_time) values ('p/app', ?, 0, ?, ?)",
                    project, Timestamp.from(Instant.EPOCH), Timestamp.from(Instant.EPOCH));
            otherRepository = insert(c, "insert into repository (name, project_id, pull_count, creation_time, update_time) values ('p/other', ?, 0, ?, ?)",
                    project, Timestamp.from(Instant.EPOCH), Timestamp.from(Instant.EPOCH));
            labelA = insert(c, "insert into harbor_label (name, scope, project_id, creation_time, update_time) values ('a', 'g', 0, ?, ?)",
                    Timestamp.from(Instant.EPOCH), Timestamp.from(Instant.EPOCH));
            labelB = insert(c, "insert into harbor_label (name, scope, project_id, creation_time, update_time) values ('b', 'g', 0, ?, ?)",
                    Timestamp.from(Instant.EPOCH), Timestamp.from(Instant.EPOCH));
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < ARTIFACTS; i++) {
                // Push times repeat (i / 3) so that the id breaks ties; sizes repeat too; one in four never pulled.
                Instant pushed = t0.plusSeconds(i / 3);
                Instant pulled = i % 4 == 0 ? null : t0.plusSeconds(1000 + (i * 37) % 101);
                String digest = String.format("sha256:%064x", (long) i * 7919 % 100003);
                long size = 1000 + i % 17;
                long id = insert(c, "insert into artifact (repository_id, project_id, digest, manifest_media_type, media_type, size, push_time, pull_time)"
                        + " values (?, ?, ?, 'application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.config.v1+json', ?, ?, ?)",
                        repository, project, digest, size, Timestamp.from(pushed), pulled == null ? null : Timestamp.from(pulled));
                List<String> tags = new ArrayList<>();
                if (i % 3 != 0) tags.add("v" + i);
                if (i % 10 == 1) tags.add("v" + i + "-release");
                for (String tag : tags) {
                    insert(c, "insert into tag (repository_id, artifact_id, name, push_time) values (?, ?, ?, ?)", repository, id, tag, Timestamp.from(pushed));
                }
                List<Long> labels = new ArrayList<>();
                if (i % 5 == 0) labels.add(labelA);
                if (i % 7 == 0) labels.add(labelB);
                for (long label : labels) {
                    insert(c, "insert into artifact_label (artifact_id, label_id, creation_time) values (?, ?, ?)", id, label, Timestamp.from(pushed));
                }
                SEEDED.put(id, new Seeded(id, digest, size, pushed, pulled, tags, labels));
            }
            for (int i = 0; i < 5; i++) { // another repository's artifacts, tagged, never listed with the first one's
                long id = insert(c, "insert into artifact (repository_id, project_id, digest, manifest_media_type, size, push_time)"
                        + " values (?, ?, ?, 'application/vnd.oci.image.manifest.v1+json', 1, ?)", otherRepository, project,
                        String.format("sha256:%064x", i), Timestamp.from(t0.plusSeconds(100_000)));
                insert(c, "insert into tag (repository_id, artifact_id, name, push_time) values (?, ?, ?, ?)", otherRepository, id, "v" + i,
                        Timestamp.from(t0));
            }
        }
        emf = Entities.open(ds, "none");
        content = new RegistryContent();
        content.em = emf.createEntityManager();
    }

    @AfterAll
    static void close() {
        content.em.close();
        emf.close();
        EmbeddedDataSource drop = new EmbeddedDataSource();
        drop.setDatabaseName(ds.getDatabaseName());
        drop.setConnectionAttributes("drop=true");
        try {
            drop.getConnection().close();
        } catch (SQLException expected) {
            // Derby answers a drop with an exception
        }
    }

    /** The in-memory listing's default order: newest push first, the later id first among equal push times. */
    private static final Comparator<Seeded> NEWEST = Comparator.comparing(Seeded::pushTime).reversed()
            .thenComparing(Comparator.comparingLong(Seeded::id).reversed());

    @Test
    void pagesOfTheWholeRepositoryAddUpToItNewestFirst() {
        assertPages("", "", s -> true, NEWEST, 7);
        assertPages("", "", s -> true, NEWEST, 100);
    }

    @Test
    void sortsByEachFieldWithNullsFirstAscendingAndNewestFirstAmongEquals() {
        Comparator<Instant> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        assertPages("", "size", s -> true, Comparator.comparingLong(Seeded::size).thenComparing(NEWEST), 9);
        assertPages("", "-size", s -> true, Comparator.comparingLong(Seeded::size).reversed().thenComparing(NEWEST), 9);
        assertPages("", "pull_time", s -> true, Comparator.comparing(Seeded::pullTime, nullsFirst).thenComparing(NEWEST), 11);
        assertPages("", "-pull_time", s -> true, Comparator.comparing(Seeded::pullTime, nullsFirst).reversed().thenComparing(NEWEST), 11);
        assertPages("", "digest,-push_time", s -> true, Comparator.comparing(Seeded::digest).thenComparing(NEWEST), 13);
    }

    @Test
    void filtersByTagsAsTheInMemoryListingDid() {
        assertPages("tags=*", "", s -> !s.tags().isEmpty(), NEWEST, 10);
        assertPages("tags=nil", "-size", s -> s.tags().isEmpty(), Comparator.comparingLong(Seeded::size).reversed().thenComparing(NEWEST), 10);
        assertPages("tags=~release", "", s -> s.tags().stream().anyMatch(t -> t.contains("release")), NEWEST, 4);
        assertPages("tags=v2", "", s -> s.tags().contains("v2"), NEWEST, 10);
        assertPages("tags=(v4 v5 v6 v7)", "", s -> s.tags().stream().anyMatch(List.of("v4", "v5", "v6", "v7")::contains), NEWEST, 2);
        // A LIKE wildcard in the fragment is a character to find, not a wildcard.
        assertPages("tags=~v_1", "", s -> s.tags().stream().anyMatch(t -> t.contains("v_1")), NEWEST, 10);
    }

    @Test
    void filtersByDigestAndLabels() {
        Seeded one = SEEDED.values().iterator().next();
        assertPages("digest=" + one.digest(), "", s -> s.digest().equals(one.digest()), NEWEST, 10);
        assertPages("digest=~0000000000000000000000000000000000000000000000000000000000000", "",
                s -> s.digest().contains("0000000000000000000000000000000000000000000000000000000000000"), NEWEST, 10);
        assertPages("labels=(" + labelA + ")", "", s -> s.labels().contains(labelA), NEWEST, 5);
        assertPages("labels={" + labelA + " " + labelB + "}", "", s -> s.labels().contains(labelA) && s.labels().contains(labelB), NEWEST, 1);
        assertPages("labels=(x)", "", s -> false, NEWEST, 10);
        assertPages("tags=*,labels=(" + labelB + ")", "size", s -> !s.tags().isEmpty() && s.labels().contains(labelB),
                Comparator.comparingLong(Seeded::size).thenComparing(NEWEST), 3);
    }

    @Test
    void tagsAndCountsOfAPageComeInOneQueryEachAndEqualTheOneByOneAnswers() {
        List<Artifact> page = content.artifactsMatching(repository, ArtifactFilter.of(HarborQuery.NONE), List.of(), 20, 30);
        Map<Long, List<Tag>> tags = content.tagsOf(page.stream().map(Artifact::getId).toList());
        for (Artifact a : page) {
            assertEquals(content.tagsOf(a.getId()).stream().map(Tag::getName).toList(),
                    tags.getOrDefault(a.getId(), List.of()).stream().map(Tag::getName).toList());
        }
        assertEquals(Map.of(repository, (long) ARTIFACTS, otherRepository, 5L), content.countArtifacts(List.of(repository, otherRepository, -1L)));
        assertEquals(Map.of(repository, "p/app"), content.repositoryNames(List.of(repository)));
    }

    @Test
    void aProjectsArtifactsComeNewestFirstPageAfterPageWithTheirCount() {
        long project = content.repositoryById(repository).orElseThrow().getProjectId();
        List<Long> read = new ArrayList<>();
        for (int first = 0; first < ARTIFACTS + 5; first += 8) {
            content.projectArtifacts(project, first, 8).forEach(a -> read.add(a.getId()));
        }
        // The other repository's five were pushed last: they come first, then the seeded ones newest first.
        assertEquals(ARTIFACTS + 5, read.size());
        assertEquals(ARTIFACTS + 5, content.countProjectArtifacts(project));
        assertEquals(SEEDED.values().stream().sorted(NEWEST).map(Seeded::id).toList(), read.subList(5, read.size()));
        assertTrue(content.projectArtifacts(project, ARTIFACTS + 5, 8).isEmpty());
    }

    /** Reads every page of size {@code size} (and one past the end) and compares with the seeded rows filtered and sorted in Java. */
    private static void assertPages(String q, String sort, Predicate<Seeded> wanted, Comparator<Seeded> order, int size) {
        HarborQuery query = HarborQuery.parse(q, sort, RepositoryOperations.ARTIFACT_KEYS, RepositoryOperations.ARTIFACT_SORT);
        ArtifactFilter filter = ArtifactFilter.of(query);
        List<Map.Entry<String, Boolean>> keys = query.sort().stream().map(k -> Map.entry(k.field(), k.descending())).toList();
        List<Long> expected = SEEDED.values().stream().filter(wanted).sorted(order).map(Seeded::id).toList();
        assertEquals(expected.size(), content.countArtifactsMatching(repository, filter), "count for q=" + q);
        List<Long> read = new ArrayList<>();
        int pages = (expected.size() + size - 1) / size;
        for (int page = 0; page <= pages; page++) {
            List<Artifact> items = content.artifactsMatching(repository, filter, keys, page * size, size);
            if (page < pages - 1) assertEquals(size, items.size(), "a full page " + (page + 1) + " for q=" + q);
            if (page == pages) assertTrue(items.isEmpty(), "nothing past the last page for q=" + q);
            items.forEach(a -> read.add(a.getId()));
        }
        assertEquals(expected, read, "pages of q=" + q + " sort=" + sort);
    }

    private static long insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) s.setNull(i + 1, java.sql.Types.TIMESTAMP);
                else s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                return k.next() ? k.getLong(1) : -1;
            }
        }
    }
}
