package io.wharf.registry;

import io.wharf.common.HarborQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Harbor's artifact listing query ({@code q} with {@code tags}, {@code digest}, {@code media_type},
 * {@code labels}) as JPQL conditions on {@code Artifact a}, so the database filters, counts and pages.
 * The conditions mean what the in-memory filters meant: {@code tags=*} tagged, {@code tags=nil}
 * untagged, else some tag matches; {@code labels} all of the listed label ids are attached.
 * {@code type} is computed from media types in Java and is not expressed here ({@link #supports}).
 */
public final class ArtifactFilter {
    /** Harbor's artifact sort fields and the columns they order by. */
    public static final Map<String, String> ORDER = Map.of("push_time", "a.pushTime", "pull_time", "a.pullTime",
            "size", "a.size", "digest", "a.digest");

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new java.util.HashMap<>();
    private boolean nothing;

    private ArtifactFilter() {}

    /** Whether the database can answer this query alone (everything but {@code type}). */
    public static boolean supports(HarborQuery q) { return q.term("type").isEmpty(); }

    public static ArtifactFilter of(HarborQuery q) {
        ArtifactFilter f = new ArtifactFilter();
        q.term("tags").ifPresent(f::tags);
        q.term("digest").ifPresent(t -> f.column("a.digest", t, "digest"));
        q.term("media_type").ifPresent(t -> f.column("a.manifestMediaType", t, "mediaType"));
        q.term("labels").ifPresent(f::labels);
        return f;
    }

    /** A filter known to match no artifact (an empty {@code (a b)} list, a label id that is not a number). */
    public boolean matchesNothing() { return nothing; }

    void appendTo(StringBuilder jpql, Map<String, Object> into) {
        for (String c : conditions) jpql.append(" and ").append(c);
        into.putAll(parameters);
    }

    private void tags(HarborQuery.Term t) {
        if (t.value().equals("*")) {
            conditions.add("exists (select t from Tag t where t.artifactId = a.id)");
        } else if (t.value().equals("nil")) {
            conditions.add("not exists (select t from Tag t where t.artifactId = a.id)");
        } else {
            condition("t.name", t, "tag").ifPresent(c -> conditions.add("exists (select t from Tag t where t.artifactId = a.id and " + c + ")"));
        }
    }

    private void column(String column, HarborQuery.Term t, String name) {
        condition(column, t, name).ifPresent(conditions::add);
    }

    private void labels(HarborQuery.Term t) {
        int i = 0;
        for (String id : t.values()) {
            long label;
            try {
                label = Long.parseLong(id.strip());
            } catch (NumberFormatException e) {
                nothing = true;
                return;
            }
            String p = "label" + i++;
            parameters.put(p, label);
            conditions.add("exists (select l from ArtifactLabel l where l.artifactId = a.id and l.labelId = :" + p + ")");
        }
    }

    /** The condition for one term on one column (none when the term limits nothing). */
    private Optional<String> condition(String column, HarborQuery.Term t, String name) {
        switch (t.kind()) {
            case EXACT -> {
                parameters.put(name, t.value());
                return Optional.of(column + " = :" + name);
            }
            case FUZZY -> {
                parameters.put(name, "%" + t.value().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                return Optional.of(column + " like :" + name + " escape '!'");
            }
            case ANY_OF, ALL_OF -> {
                if (t.values().isEmpty()) {
                    nothing = true;
                    return Optional.empty();
                }
                parameters.put(name, t.values());
                return Optional.of(column + " in :" + name);
            }
            case RANGE -> {
                List<String> parts = new ArrayList<>();
                if (!t.values().get(0).isEmpty()) {
                    parameters.put(name + "From", t.values().get(0));
                    parts.add(column + " >= :" + name + "From");
                }
                if (!t.values().get(1).isEmpty()) {
                    parameters.put(name + "To", t.values().get(1));
                    parts.add(column + " <= :" + name + "To");
                }
                return parts.isEmpty() ? Optional.of(column + " is not null") : Optional.of(String.join(" and ", parts));
            }
            default -> throw new IllegalStateException(t.kind().toString());
        }
    }
}
