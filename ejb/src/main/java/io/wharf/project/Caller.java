package io.wharf.project;

/**
 * Who is asking: a signed-in user, a robot account ({@link #robot()} set), or nobody
 * ({@link #ANONYMOUS}). A robot's {@code userId} is the negative of its robot id, so it never
 * matches a user's memberships: what it may do comes from its grants alone.
 */
public record Caller(Long userId, String username, boolean sysadmin, RobotGrants robot) {
    public static final Caller ANONYMOUS = new Caller(null, null, false);

    public Caller(Long userId, String username, boolean sysadmin) {
        this(userId, username, sysadmin, null);
    }

    public static Caller of(UserAccount user) {
        return new Caller(user.getId(), user.getUsername(), user.isSysadmin());
    }

    /** A robot account acting with these grants; never an administrator. */
    public static Caller robot(RobotGrants grants) {
        return new Caller(-grants.robotId(), grants.name(), false, grants);
    }

    public boolean isAnonymous() { return userId == null; }

    public boolean isRobot() { return robot != null; }
}
