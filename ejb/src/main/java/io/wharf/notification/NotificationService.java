package io.wharf.notification;

import io.wharf.project.AccessCache;
import io.wharf.registry.ArtifactRecorder;
import io.wharf.registry.ArtifactRecorder.Change;
import io.wharf.registry.ManifestCache;
import io.wharf.registry.RegistryContent;
import io.wharf.registry.RegistryManifests;
import io.wharf.registry.RepositoryName;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * What Wharf does with the registry's events: pushes and deletes of manifests change the records
 * and the audit log. Each commits on its own, so one bad event does not hold back the others.
 * Pull events are ignored: the gateway counts pulls itself ({@link io.wharf.registry.PullRecorder}),
 * and the registry {@code bin/wharf} configures does not send them.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NotificationService {
    private static final Logger LOG = Logger.getLogger(NotificationService.class.getName());
    /** Remembers which odd repositories were already logged, so a chatty registry logs each once. */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    @Inject AccessCache access;
    @Inject ArtifactRecorder recorder;
    @Inject RegistryManifests manifests;
    @Inject ManifestCache manifestCache;
    @Inject RegistryContent content;
    @Inject PushRecorder pushes;
    @Inject RelayedPushes relayed;

    /** How long an event waits for this server's gateway to record the push it is relaying (below the registry's 5 s timeout). */
    private static final long RELAY_WAIT_MS = 2000;

    /** What became of an envelope's events. */
    public record Outcome(int applied, int duplicates, int ignored, int malformed) {}

    public Outcome handle(EventEnvelope envelope) {
        int applied = 0;
        int duplicates = 0;
        int ignored = 0;
        for (RegistryEvent event : envelope.events()) {
            switch (apply(event)) {
                case APPLIED -> applied++;
                case DUPLICATE -> duplicates++;
                case IGNORED -> ignored++;
            }
        }
        return new Outcome(applied, duplicates, ignored, envelope.malformed());
    }

    private enum Result { APPLIED, DUPLICATE, IGNORED }

    private Result apply(RegistryEvent event) {
        // Pulls are counted by the gateway (PullRecorder), which sees each one; counting the
        // registry's pull events too would count every pull twice.
        if ("pull".equals(event.action()) || !event.isManifest() || event.digest() == null) return Result.IGNORED;
        // Whoever pushed or deleted, no server answers this repository's manifests from memory now.
        if ("push".equals(event.action()) || "delete".equals(event.action())) manifestCache.changed(event.repository());
        Optional<AccessCache.KnownProject> project = projectOf(event.repository());
        if (project.isEmpty()) return Result.IGNORED;
        boolean byWharf = RegistryManifests.SERVICE_ACTOR.equals(event.actor());
        Change change = new Change(event.id(), project.get().id(), event.repository(), event.tag(), event.digest(),
                event.actor(), event.resource(), event.timestamp(), !byWharf);
        return switch (event.action()) {
            case "push" -> push(event, change, project.get().name());
            case "delete" -> recorder.recordDelete(change) ? Result.APPLIED : Result.DUPLICATE;
            default -> Result.IGNORED;
        };
    }

    private Result push(RegistryEvent event, Change change, String projectName) {
        // Pushes through the gateway are recorded before the client has its answer: this event
        // only confirms them, and needs no read of the manifest. One still being relayed here is
        // waited for rather than recorded at the same moment (see RelayedPushes).
        awaitRelay(event);
        if (content.recorded(event.repository(), event.digest(), event.tag())) return Result.DUPLICATE;
        Optional<RegistryManifests.Fetched> manifest = manifests.waitUntilReadable(event.repository(), event.digest());
        if (manifest.isEmpty()) {
            // Deleted again before Wharf could read it: the delete event will follow.
            LOG.warning("Manifest " + event.resource() + " was not readable after its push event; not recorded");
            return Result.IGNORED;
        }
        return pushes.record(change, projectName, manifest.get().summary()) ? Result.APPLIED : Result.DUPLICATE;
    }

    private void awaitRelay(RegistryEvent event) {
        try {
            relayed.awaitNoneInFlight(event.repository(), event.digest(), RELAY_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From the access cache: every event asks, and pulls come by the hundred a second. */
    private Optional<AccessCache.KnownProject> projectOf(String repository) {
        Optional<RepositoryName> name = RepositoryName.parse(repository);
        Optional<AccessCache.KnownProject> project = name.flatMap(n -> access.project(n.project()));
        if (project.isEmpty() && LOGGED.add(repository) && LOGGED.size() < 10_000) {
            LOG.warning("Registry event for " + repository + ", which is in no project; ignored");
        }
        return project;
    }
}
