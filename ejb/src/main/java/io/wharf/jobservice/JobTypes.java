package io.wharf.jobservice;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/** The job types registered at start: every enabled {@link JobType} bean, by name. */
@ApplicationScoped
public class JobTypes {
    private static final Logger LOG = Logger.getLogger(JobTypes.class.getName());

    @Inject Instance<JobType> beans;

    private final Map<String, JobType> byName = new TreeMap<>();

    @PostConstruct
    void register() {
        for (JobType type : beans) {
            if (type.enabled()) byName.put(type.name(), type);
        }
        LOG.info("Job types: " + byName.keySet());
    }

    public Optional<JobType> find(String name) { return Optional.ofNullable(byName.get(name)); }

    public java.util.Set<String> names() { return byName.keySet(); }
}
