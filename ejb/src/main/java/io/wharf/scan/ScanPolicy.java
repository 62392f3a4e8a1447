package io.wharf.scan;

import io.wharf.common.ExpiringCache;
import io.wharf.project.ProjectService;
import io.wharf.registry.RegistryContent;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.RepositoryName;
import io.wharf.scanner.Severity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The project policy "prevent vulnerable images from running": a manifest whose latest report has
 * findings of the project's severity or worse, not on its CVE allowlist (or the system's, when the project
 * reuses it), may not be pulled. A change
 * of the policy applies within {@code scan.policy.cache.seconds}; of the allowlist, at once.
 */
@ApplicationScoped
public class ScanPolicy {
    public static final String PREVENT = "prevent_vul";
    public static final String SEVERITY = "severity";
    /** Harbor's project setting: use the system's CVE allowlist instead of the project's own. */
    public static final String REUSE_SYSTEM_ALLOWLIST = "reuse_sys_cve_allowlist";

    @Inject ProjectService projects;
    @Inject RegistryContent content;
    @Inject ScanStore store;

    @Inject @ConfigProperty(name = "scan.policy.cache.seconds", defaultValue = "5")
    long cacheSeconds;

    /** A project's policy as read a moment ago: every manifest GET asks, few projects change it. */
    private record Policy(long projectId, boolean prevent, Severity threshold, boolean reuseSystemAllowlist) {}

    private ExpiringCache<String, Policy> policies;

    @PostConstruct
    void init() {
        policies = new ExpiringCache<>(Duration.ofSeconds(cacheSeconds), 10_000);
    }

    /** Why the pull must be refused, or empty when it may go ahead. */
    public Optional<String> pullRefusal(String repository, String reference) {
        Optional<String> project = RepositoryName.projectOf(repository);
        if (project.isEmpty()) return Optional.empty();
        Policy policy = policy(project.get());
        if (policy == null || !policy.prevent()) return Optional.empty();
        Severity threshold = policy.threshold();
        long projectId = policy.projectId();
        Optional<String> digest = RegistryReference.isDigest(reference) ? Optional.of(reference) : content.digestOfTag(repository, reference);
        Optional<ScanOverview> overview = digest.flatMap(store::overview);
        // An image without a finished report passes, as in Harbor; scan on push closes that gap.
        if (overview.isEmpty() || overview.get().getScannerName() == null || overview.get().getSeverity() == null
                || !overview.get().getSeverity().isAtLeast(threshold)) {
            return Optional.empty();
        }
        Set<String> allowed = store.allowlist(policy.reuseSystemAllowlist() ? CveAllowlist.SYSTEM : projectId)
                .map(a -> a.effectiveIds(Instant.now())).orElse(Set.of());
        long count = allowed.isEmpty()
                ? overview.get().counts().entrySet().stream().filter(e -> e.getKey().isAtLeast(threshold)).mapToLong(Map.Entry::getValue).sum()
                : store.vulnerabilities(digest.get()).stream().filter(v -> v.getSeverity().isAtLeast(threshold) && !v.matchesAny(allowed)).count();
        if (count == 0) return Optional.empty();
        return Optional.of("current image with " + count + " vulnerabilities cannot be pulled due to configured policy in 'Prevent images"
                + " with vulnerability severity of \"" + threshold.label() + "\" or higher from running.' To continue with pull, please"
                + " contact your project administrator to exempt matched vulnerabilities through configuring the CVE allowlist.");
    }

    private Policy policy(String projectName) {
        return policies.get(projectName, name -> projects.byName(name).map(project -> {
            Map<String, String> meta = project.getMetadata();
            return new Policy(project.getId(), "true".equals(meta.get(PREVENT)), threshold(meta.get(SEVERITY)),
                    "true".equals(meta.get(REUSE_SYSTEM_ALLOWLIST)));
        })).orElse(null);
    }

    /** The project's severity setting; Harbor's default is low. */
    static Severity threshold(String setting) {
        if (setting == null || setting.isBlank()) return Severity.LOW;
        try {
            return Severity.fromLabel(setting.strip());
        } catch (IllegalArgumentException e) {
            return Severity.LOW;
        }
    }
}
