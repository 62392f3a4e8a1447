package io.wharf.notification;

import io.wharf.common.LockConflicts;
import io.wharf.project.AccessCache;
import io.wharf.registry.Accessories;
import io.wharf.registry.ArtifactRecorder;
import io.wharf.registry.ArtifactRecorder.Change;
import io.wharf.registry.ArtifactRecorder.PushRecorded;
import io.wharf.registry.ManifestSummary;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.RepositoryName;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way a push becomes a record and a push event, for both paths that learn of it: the
 * gateway relaying the manifest PUT (before the client gets its answer) and the registry's event
 * (for pushes that reached the registry another way, or whose recording was lost). Whichever
 * commits first records the push and raises {@link OnPush}; the other finds it recorded and does
 * nothing, so a push is scanned and audited once. Deletes the gateway relays are recorded here too.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PushRecorder {
    private static final Logger LOG = Logger.getLogger(PushRecorder.class.getName());
    /** Attempts of one recording that keeps losing lock conflicts (a repository created at once: 2). */
    static final int MAX_ATTEMPTS = 5;

    @Inject ArtifactRecorder recorder;
    @Inject AccessCache access;
    @Inject Event<OnPush> onPush;

    /**
     * Fault injection for the end-to-end test of a server killed between the registry's answer and
     * the recording: how long a push waits before it is recorded (by the gateway or from the
     * registry's event). 0, the default, outside that test.
     */
    @Inject @ConfigProperty(name = "wharf.record.pause.ms", defaultValue = "0")
    long pauseBeforeRecordingMs;

    /**
     * Records a push and raises its event, in a transaction of its own that has committed when
     * this returns.
     *
     * @return true when this call recorded the push (and raised the event), false when it was recorded already
     */
    public boolean record(Change change, String projectName, ManifestSummary manifest) {
        pauseForFaultTest();
        PushRecorded recorded = recordWithRetries(change, manifest);
        if (!recorded.recorded()) return false;
        // Signatures, SBOMs and other accessories are attached to an image, not scanned as one.
        boolean scan = recorded.scanOnPush() && !Accessories.isAccessory(manifest, change.tag());
        onPush.fire(new OnPush(projectName, change.repository(), change.tag(), change.digest(), scan));
        return true;
    }

    /**
     * Two conflicts end a recording with nothing written, and both go away when it runs again. Two
     * recorders created the repository at once and this one lost: its row exists now, and the second
     * attempt queues on its lock. Or the database rolled the transaction back on a lock conflict:
     * Derby does so with 40XL1 when statements are compiled while another transaction takes the next
     * values of an identity column (the first pushes after a start, several at once), PostgreSQL on a
     * deadlock. A push that the registry has stored must not fail for either.
     */
    PushRecorded recordWithRetries(Change change, ManifestSummary manifest) {
        for (int attempt = 1; ; attempt++) {
            try {
                return recorder.recordPush(change, manifest);
            } catch (EJBException e) {
                boolean again = attempt == 1 || (attempt < MAX_ATTEMPTS && LockConflicts.isConflict(e));
                if (!again) throw e;
                LOG.fine("Recording " + change.resource() + " again (attempt " + (attempt + 1) + ") after " + e.getMessage());
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records a manifest the gateway has just stored in the registry, from the body it relayed.
     *
     * @param reference the tag or digest the manifest was PUT under
     * @param digest    the registry's {@code Docker-Content-Digest}, or null (then computed from the body)
     * @return false when there was nothing to record here (no project, or a body Wharf does not read;
     *         the registry's event still comes)
     * @throws RuntimeException when recording failed; nothing of it was written
     */
    public boolean recordRelayed(String repository, String reference, String digest, byte[] body, String contentType, String actor) {
        Optional<AccessCache.KnownProject> project = RepositoryName.parse(repository).flatMap(n -> access.project(n.project()));
        if (project.isEmpty()) return false;
        ManifestSummary manifest;
        try {
            manifest = ManifestSummary.parse(body, contentType);
        } catch (IllegalArgumentException e) {
            LOG.warning("Manifest pushed to " + repository + " could not be read (" + e.getMessage() + "); left to the registry's event");
            return false;
        }
        String tag = RegistryReference.isDigest(reference) ? null : reference;
        String realDigest = digest != null ? digest : sha256(body);
        String resource = tag != null ? repository + ":" + tag : repository + "@" + realDigest;
        Change change = new Change(null, project.get().id(), repository, tag, realDigest, actor, resource, Instant.now(), true);
        return record(change, project.get().name(), manifest);
    }

    /**
     * The other half of read-your-writes: a manifest deleted by digest through the gateway leaves
     * the records at once (audited here, unless the registry's event got there first).
     */
    public void recordRelayedDelete(String repository, String digest, String actor) {
        if (!RegistryReference.isDigest(digest)) return;
        Optional<AccessCache.KnownProject> project = RepositoryName.parse(repository).flatMap(n -> access.project(n.project()));
        if (project.isEmpty()) return;
        recorder.recordRelayedDelete(new Change(null, project.get().id(), repository, null, digest, actor,
                repository + "@" + digest, Instant.now(), true));
    }

    private void pauseForFaultTest() {
        if (pauseBeforeRecordingMs <= 0) return;
        try {
            Thread.sleep(pauseBeforeRecordingMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
