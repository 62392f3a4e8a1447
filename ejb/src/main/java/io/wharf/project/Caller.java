package io.wharf.project;

/** Who is asking: a signed-in user, or nobody ({@link #ANONYMOUS}). */
public record Caller(Long userId, String username, boolean sysadmin) {
    public static final Caller ANONYMOUS = new Caller(null, null, false);

    public static Caller of(UserAccount user) {
        return new Caller(user.getId(), user.getUsername(), user.isSysadmin());
    }

    public boolean isAnonymous() { return userId == null; }
}
