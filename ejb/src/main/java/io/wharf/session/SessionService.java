package io.wharf.session;

import io.wharf.project.Caller;
import io.wharf.project.UserAccount;
import io.wharf.project.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signing in to the portal with a user name and password, and recognising the browser afterwards.
 * A session lives while used: each request renews it for {@code wharf.session.timeout.minutes}
 * (60 by default, as Harbor's). The user is read again on every request, so a removed admin flag or
 * a changed password takes effect at once.
 */
@ApplicationScoped
public class SessionService {
    @Inject UserService users;
    @Inject SessionStore store;
    @Inject io.wharf.project.Revocations revocations;

    @Inject @ConfigProperty(name = "wharf.session.timeout.minutes", defaultValue = "60")
    long timeoutMinutes;

    @Inject @ConfigProperty(name = "jobservice.namespace", defaultValue = "wharf")
    String namespace;

    /** A new session for these credentials (always a new id: no session fixation), or empty. */
    public Optional<Session> signIn(String username, String password) {
        Optional<UserAccount> user = users.authenticate(username, password);
        if (user.isEmpty()) return Optional.empty();
        UserAccount u = user.get();
        String id = SessionRecord.newSecret();
        SessionRecord record = new SessionRecord(u.getId(), SessionRecord.newSecret(), SessionRecord.stamp(u.getPasswordHash()));
        store.put(SessionRecord.key(namespace, id), record.encode(), timeout());
        return Optional.of(new Session(id, record.csrfToken(), Caller.of(u)));
    }

    /** The session this cookie value names, if it is still valid. */
    public Optional<Session> resume(String sessionId) {
        if (!SessionRecord.looksLikeSecret(sessionId)) return Optional.empty();
        String key = SessionRecord.key(namespace, sessionId);
        Optional<SessionRecord> record = store.touch(key, timeout()).flatMap(SessionRecord::decode);
        if (record.isEmpty()) return Optional.empty();
        Optional<UserAccount> user = users.byId(record.get().userId())
                .filter(u -> SessionRecord.stamp(u.getPasswordHash()).equals(record.get().passwordStamp()))
                .filter(u -> !users.isDisabled(u.getId()))
                // Removed from a project, demoted, deleted: the user signs in again.
                .filter(u -> !revocations.revoked(u.getUsername(), record.get().signedInAtMillis()));
        if (user.isEmpty()) {
            store.delete(key);
            return Optional.empty();
        }
        return Optional.of(new Session(sessionId, record.get().csrfToken(), Caller.of(user.get())));
    }

    public void signOut(String sessionId) {
        if (SessionRecord.looksLikeSecret(sessionId)) store.delete(SessionRecord.key(namespace, sessionId));
    }

    public Duration timeout() { return Duration.ofMinutes(Math.max(1, timeoutMinutes)); }
}
