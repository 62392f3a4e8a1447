package io.wharf.sbom;

import io.wharf.notification.OnPush;
import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import io.wharf.registry.Accessories;
import io.wharf.registry.RegistryContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;

/** Generates a pushed artifact's SBOM when its project's {@code auto_sbom_generation} is on; accessories have none. */
@ApplicationScoped
public class SbomOnPush {
    private static final Logger LOG = Logger.getLogger(SbomOnPush.class.getName());

    @Inject SbomService sboms;
    @Inject ProjectService projects;
    @Inject RegistryContent content;

    void onPush(@Observes OnPush push) {
        try {
            Optional<Project> project = projects.byName(push.project());
            if (project.isEmpty() || !"true".equalsIgnoreCase(project.get().getMetadata().get(SbomService.AUTO_SBOM))) return;
            if (Accessories.isAccessoryTag(push.tag())) return;
            boolean accessory = content.repository(push.repository()).flatMap(r -> content.artifact(r.getId(), push.digest()))
                    .map(a -> a.getSubjectDigest() != null).orElse(true);
            if (accessory) return;
            SbomReport report = sboms.request(push.repository(), push.digest(), project.get().getId(), "sbom-on-push");
            LOG.fine("SBOM on push of " + push + ": " + report.getId());
        } catch (RuntimeException e) {
            // The push itself is recorded; an SBOM that could not be queued is marked failed and can be asked again.
            LOG.warning("SBOM on push of " + push + " was not queued: " + e.getMessage());
        }
    }
}
