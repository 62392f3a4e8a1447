package io.wharf.robot;

import io.wharf.project.Caller;
import io.wharf.project.CredentialCache;
import io.wharf.project.PasswordHasher;
import io.wharf.project.RobotGrants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a robot's name and secret. The robot is read from the database on every call, so a
 * robot disabled, deleted, expired or given a new secret is refused at once, on every server;
 * only the slow KDF is skipped for a secret {@link CredentialCache} has seen succeed against the
 * same stored hash.
 */
@ApplicationScoped
public class RobotCredentials {
    static final PasswordHasher HASHER = new PasswordHasher();
    private static final String DUMMY_HASH = HASHER.unmatchable();

    @Inject RobotRepository robots;
    @Inject CredentialCache credentials;

    /** Whether a login name is a robot's (users cannot have {@code $} in their names). */
    public static boolean isRobotName(String username) {
        return username != null && username.startsWith(Robot.PREFIX);
    }

    public Optional<Caller> signIn(String fullName, String secret) {
        if (!isRobotName(fullName) || secret == null || secret.isEmpty() || fullName.length() > 512 || secret.length() > 256) {
            return Optional.empty();
        }
        Optional<Robot> robot = robots.byFullName(fullName);
        if (robot.isEmpty() || robot.get().isDisabled() || robot.get().isExpired(Instant.now())) {
            // Spend the same time as a real check so that timing does not reveal which robots exist.
            HASHER.verify(secret, DUMMY_HASH);
            return Optional.empty();
        }
        String stored = robot.get().getSecretHash();
        if (!credentials.isKnownGood(fullName, secret, stored)) {
            if (!HASHER.verify(secret, stored)) return Optional.empty();
            credentials.remember(fullName, secret, stored);
        }
        return Optional.of(Caller.robot(grants(robot.get())));
    }

    /** What an enabled, unexpired robot may do now (workload identity acts with these too). */
    public Optional<RobotGrants> current(long robotId) {
        return robots.byId(robotId).filter(r -> !r.isDisabled() && !r.isExpired(Instant.now())).map(this::grants);
    }

    private RobotGrants grants(Robot robot) {
        Instant notAfter = robot.getExpiresAt() < 0 ? null : Instant.ofEpochSecond(robot.getExpiresAt());
        return new RobotGrants(robot.getId(), robot.getFullName(),
                RobotPermissions.rows(RobotPermissions.fromJson(robot.getPermissions())), notAfter);
    }
}
