package io.wharf.metrics;

import io.wharf.lifecycle.ApplicationStart;
import io.wharf.metrics.RegistryCounts.Pair;
import io.wharf.metrics.RegistryCounts.ProjectCounts;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Gauges over the database's counts, with Harbor's exporter names where Harbor has one. The counts
 * are read every {@code wharf.metrics.refresh.seconds} by one thread, so a scrape costs no query
 * and a busy registry pays for its metrics once per refresh, not per request. A project that goes
 * away takes its series with it.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn(io.wharf.schema.SchemaMigrator.NAME) // its counts read tables
public class RegistryGauges {
    private static final Logger LOG = Logger.getLogger(RegistryGauges.class.getName());

    @Inject MetricRegistry registry;
    @Inject RegistryCountQueries queries;
    @Inject ApplicationStart applicationStart;

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject @ConfigProperty(name = "wharf.metrics.refresh.seconds", defaultValue = "15")
    long refreshSeconds;

    private volatile RegistryCounts counts = RegistryCounts.none();
    private final Set<MetricID> registered = new HashSet<>();
    private ScheduledFuture<?> refreshing;

    @PostConstruct
    void start() {
        if (refreshSeconds <= 0) return;
        refreshing = executor.scheduleWithFixedDelay(applicationStart.once(this::refresh), 0, refreshSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (refreshing != null) refreshing.cancel(false);
    }

    /** The counts behind the gauges now (for tests and for the next refresh's comparison). */
    public RegistryCounts counts() { return counts; }

    synchronized void refresh() {
        try {
            counts = queries.count();
            register(counts);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Metrics counts not refreshed; the gauges keep the last ones", e);
        }
    }

    private void register(RegistryCounts now) {
        Set<MetricID> wanted = new HashSet<>();
        for (boolean isPublic : new boolean[] {true, false}) {
            String flag = Boolean.toString(isPublic);
            gauge(wanted, "harbor_project_total", "Projects, by whether they are public",
                    c -> c.projects().values().stream().filter(p -> p.publicProject() == isPublic).count(), new Tag("public", flag));
        }
        for (Map.Entry<String, ProjectCounts> e : now.projects().entrySet()) {
            String name = e.getKey();
            Tag project = new Tag("project_name", name);
            Tag isPublic = new Tag("public", Boolean.toString(e.getValue().publicProject()));
            gauge(wanted, "harbor_project_repo_total", "Repositories per project",
                    c -> project(c, name).repositories(), project, isPublic);
            gauge(wanted, "harbor_project_member_total", "Members per project",
                    c -> project(c, name).members(), project);
            gauge(wanted, "harbor_artifact_pulled", "Manifest pulls per project since its repositories were created",
                    c -> project(c, name).pulls(), project);
            gauge(wanted, "harbor_project_quota_usage_byte", "Bytes the project's artifacts take (sum of artifact sizes; layers shared between artifacts count once per artifact)",
                    c -> project(c, name).storedBytes(), project);
        }
        for (Pair key : now.jobs().keySet()) {
            gauge(wanted, "harbor_jobservice_task_total", "Jobs recorded, by type and status",
                    c -> c.jobs().getOrDefault(key, 0L), new Tag("type", key.first()), new Tag("status", key.second()));
        }
        for (Pair key : now.scans().keySet()) {
            gauge(wanted, "wharf_scan_total", "Artifacts' latest scans, by status and scanner",
                    c -> c.scans().getOrDefault(key, 0L), new Tag("status", key.first()), new Tag("scanner", key.second()));
        }
        gauge(wanted, "wharf_jobservice_queue_depth", "Job ids waiting in the shared queue (-1: Redis did not answer)",
                RegistryCounts::queueDepth);
        gauge(wanted, "wharf_vulndb_age_seconds", "Age of the vulnerability data (-1: the database is empty)",
                RegistryCounts::vulnDbAgeSeconds);
        gauge(wanted, "wharf_vulndb_generation", "The vulnerability data generation scans match against",
                RegistryCounts::vulnDbGeneration);
        for (MetricID gone : new HashSet<>(registered)) {
            if (!wanted.contains(gone)) {
                registry.remove(gone);
                registered.remove(gone);
            }
        }
    }

    private static ProjectCounts project(RegistryCounts c, String name) {
        ProjectCounts p = c.projects().get(name);
        return p == null ? new ProjectCounts(false, 0, 0, 0, 0) : p;
    }

    private void gauge(Set<MetricID> wanted, String name, String help, ToDoubleFunction<RegistryCounts> value, Tag... tags) {
        MetricID id = new MetricID(name, tags);
        wanted.add(id);
        if (registered.add(id)) {
            Metadata metadata = Metadata.builder().withName(name).withDescription(help).build();
            registry.gauge(metadata, this, self -> value.applyAsDouble(self.counts), tags);
        }
    }
}
