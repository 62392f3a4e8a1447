package io.wharf.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A repository name checked against the distribution name grammar: lower-case path components of
 * letters and digits separated by '.', '_', '__' or '-' runs, joined by '/', at most 255
 * characters. Wharf also needs at least two components, the first being the project.
 */
public record RepositoryName(String value) {
    public static final int MAX_LENGTH = 255;
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    public RepositoryName {
        String problem = problem(value);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    public static Optional<RepositoryName> parse(String value) {
        return problem(value) == null ? Optional.of(new RepositoryName(value)) : Optional.empty();
    }

    /** Why the name is not valid, or null when it is. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) return "repository name is empty";
        if (value.length() > MAX_LENGTH) return "repository name is longer than " + MAX_LENGTH + " characters";
        String[] parts = value.split("/", -1);
        if (parts.length < 2) return "repository name must start with a project: <project>/<repository>";
        for (String part : parts) {
            if (!COMPONENT.matcher(part).matches()) {
                return "repository name component '" + part + "' is not lower case letters and digits separated by '.', '_' or '-'";
            }
        }
        return null;
    }

    public String project() { return value.substring(0, value.indexOf('/')); }

    /**
     * The project part of a repository name that may not have been checked (a stored record, a
     * path): everything before the first '/', or empty when there is no project part.
     */
    public static Optional<String> projectOf(String name) {
        int slash = name == null ? -1 : name.indexOf('/');
        return slash < 1 ? Optional.empty() : Optional.of(name.substring(0, slash));
    }

    /** The name without its project, as Harbor's API paths spell it. */
    public String withinProject() { return value.substring(value.indexOf('/') + 1); }

    @Override
    public String toString() { return value; }
}
