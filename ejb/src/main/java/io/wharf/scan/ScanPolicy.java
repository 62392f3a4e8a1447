package io.wharf.scan;

import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import io.wharf.registry.RegistryContent;
import io.wharf.scanner.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The project policy "prevent vulnerable images from running": a manifest whose latest report has
 * findings of the project's severity or worse, not on its CVE allowlist, may not be pulled.
 */
@ApplicationScoped
public class ScanPolicy {
    public static final String PREVENT = "prevent_vul";
    public static final String SEVERITY = "severity";

    @Inject ProjectService projects;
    @Inject RegistryContent content;
    @Inject ScanStore store;

    /** Why the pull must be refused, or empty when it may go ahead. */
    public Optional<String> pullRefusal(String repository, String reference) {
        int slash = repository.indexOf('/');
        if (slash < 1) return Optional.empty();
        Optional<Project> project = projects.byName(repository.substring(0, slash));
        if (project.isEmpty()) return Optional.empty();
        Map<String, String> meta = project.get().getMetadata();
        if (!"true".equals(meta.get(PREVENT))) return Optional.empty();
        Severity threshold = threshold(meta.get(SEVERITY));
        Optional<String> digest = ScanService.isDigest(reference) ? Optional.of(reference) : content.digestOfTag(repository, reference);
        Optional<ScanOverview> overview = digest.flatMap(store::overview);
        // An image without a finished report passes, as in Harbor; scan on push closes that gap.
        if (overview.isEmpty() || overview.get().getScannerName() == null || overview.get().getSeverity() == null
                || !overview.get().getSeverity().isAtLeast(threshold)) {
            return Optional.empty();
        }
        Set<String> allowed = store.allowlist(project.get().getId()).map(a -> a.effectiveIds(Instant.now())).orElse(Set.of());
        long count = allowed.isEmpty()
                ? overview.get().counts().entrySet().stream().filter(e -> e.getKey().isAtLeast(threshold)).mapToLong(Map.Entry::getValue).sum()
                : store.vulnerabilities(digest.get()).stream().filter(v -> v.getSeverity().isAtLeast(threshold) && !v.matchesAny(allowed)).count();
        if (count == 0) return Optional.empty();
        return Optional.of("current image with " + count + " vulnerabilities cannot be pulled due to configured policy in 'Prevent images"
                + " with vulnerability severity of \"" + threshold.label() + "\" or higher from running.' To continue with pull, please"
                + " contact your project administrator to exempt matched vulnerabilities through configuring the CVE allowlist.");
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
