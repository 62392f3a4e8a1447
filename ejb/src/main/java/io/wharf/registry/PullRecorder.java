package io.wharf.registry;

import io.wharf.common.LockConflicts;
import io.wharf.project.AccessCache;
import io.wharf.registry.ArtifactRecorder.Change;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts manifest pulls where they happen: in the gateway, which sees every manifest GET with the
 * caller's token. The registry's own pull events would cost an HTTP request back to Wharf for
 * each pull, and they are not counted (see {@code NotificationService}), so a registry that still
 * sends them does not count a pull twice. A pull is counted once the registry has answered 200.
 */
@ApplicationScoped
public class PullRecorder {
    private static final Logger LOG = Logger.getLogger(PullRecorder.class.getName());

    @Inject AccessCache access;
    @Inject PullCounter counter;
    @Inject ArtifactRecorder recorder;

    /**
     * @param reference the tag or digest the client asked for
     * @param digest    the digest the registry answered with ({@code Docker-Content-Digest})
     * @param actor     the token's subject; empty for an anonymous pull
     */
    public void pulled(String repository, String reference, String digest, String actor) {
        if (digest == null || digest.isBlank()) return;
        Optional<RepositoryName> name = RepositoryName.parse(repository);
        Optional<AccessCache.KnownProject> project = name.flatMap(n -> access.project(n.project()));
        if (project.isEmpty()) return;
        String tag = RegistryReference.isDigest(reference) ? null : reference;
        String resource = tag != null ? repository + ":" + tag : repository + "@" + digest;
        // No event id: each gateway request is one pull, so there is nothing to deduplicate.
        Change pull = new Change(null, project.get().id(), repository, tag, digest,
                actor == null ? "" : actor, resource, Instant.now(), true);
        if (counter.offer(pull)) return;
        try {
            LockConflicts.retry(3, () -> recorder.recordPull(pull));
        } catch (RuntimeException e) {
            // The image has been served; a count that could not be written must not fail the pull.
            LOG.log(Level.WARNING, "Pull of " + resource + " not recorded: " + e.getMessage());
        }
    }
}
