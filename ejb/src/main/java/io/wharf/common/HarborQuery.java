package io.wharf.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Harbor's list query conventions, parsed once for every listing: {@code q} is a comma-separated
 * list of {@code key=value} (exact), {@code key=~value} (fuzzy), {@code key=[min~max]} (range),
 * {@code key={a b}} (all of) and {@code key=(a b)} (any of); {@code sort} is a comma-separated
 * list of fields, each with {@code -} in front for descending order. Each listing names the keys
 * and sort fields it understands; anything else is a 400, as in Harbor.
 */
public record HarborQuery(Map<String, Term> terms, List<SortKey> sort) {
    /** How a term compares. */
    public enum Kind { EXACT, FUZZY, RANGE, ALL_OF, ANY_OF }

    /** One {@code key=value} term; a range has two values (either may be empty). */
    public record Term(String key, Kind kind, List<String> values) {
        public String value() { return values.isEmpty() ? "" : values.get(0); }

        /** Whether a single text matches this term (fuzzy: contains; lists: equals one of them). */
        public boolean matches(String text) {
            if (text == null) return false;
            return switch (kind) {
                case EXACT -> text.equals(value());
                case FUZZY -> text.contains(value());
                case ANY_OF, ALL_OF -> values.contains(text);
                case RANGE -> (values.get(0).isEmpty() || text.compareTo(values.get(0)) >= 0)
                        && (values.get(1).isEmpty() || text.compareTo(values.get(1)) <= 0);
            };
        }
    }

    public record SortKey(String field, boolean descending) {}

    public static final HarborQuery NONE = new HarborQuery(Map.of(), List.of());

    /** Parses {@code q} and {@code sort} for a listing that understands these keys and sort fields. */
    public static HarborQuery parse(String q, String sort, Set<String> keys, Set<String> sortFields) {
        Map<String, Term> terms = new LinkedHashMap<>();
        if (q != null && !q.isBlank()) {
            for (String part : splitTerms(q)) {
                int eq = part.indexOf('=');
                if (eq <= 0) throw WharfException.badRequest("invalid query " + part + ": expected key=value");
                String key = part.substring(0, eq).strip();
                if (!keys.contains(key)) {
                    throw WharfException.badRequest("query by " + key + " is not supported here; supported: " + String.join(", ", keys));
                }
                terms.put(key, term(key, part.substring(eq + 1).strip()));
            }
        }
        List<SortKey> order = new ArrayList<>();
        if (sort != null && !sort.isBlank()) {
            for (String field : sort.split(",")) {
                String f = field.strip();
                boolean desc = f.startsWith("-");
                if (desc) f = f.substring(1);
                if (!sortFields.contains(f)) {
                    throw WharfException.badRequest("sort by " + f + " is not supported here; supported: " + String.join(", ", sortFields));
                }
                order.add(new SortKey(f, desc));
            }
        }
        return new HarborQuery(terms, List.copyOf(order));
    }

    public Optional<Term> term(String key) { return Optional.ofNullable(terms.get(key)); }

    /**
     * The name filter of a listing that takes it either as Harbor's older {@code name} parameter or as
     * {@code q=name=...}; the parameter wins, any other key in {@code q} is a 400.
     */
    public static String nameFilter(String name, String q) {
        if (name != null || q == null) return name;
        return parse(q, null, Set.of("name"), Set.of()).term("name").map(Term::value).orElse(null);
    }

    /** A comparator for the sort keys, from one comparator per field; {@code fallback} when none is given. */
    public <T> Comparator<T> comparator(Map<String, Comparator<T>> fields, Comparator<T> fallback) {
        Comparator<T> c = null;
        for (SortKey k : sort) {
            Comparator<T> one = fields.get(k.field());
            if (k.descending()) one = one.reversed();
            c = c == null ? one : c.thenComparing(one);
        }
        return c == null ? fallback : c.thenComparing(fallback);
    }

    private static Term term(String key, String raw) {
        if (raw.startsWith("~")) return new Term(key, Kind.FUZZY, List.of(raw.substring(1)));
        if (raw.startsWith("[") && raw.endsWith("]")) {
            String inner = raw.substring(1, raw.length() - 1);
            int tilde = inner.indexOf('~');
            if (tilde < 0) throw WharfException.badRequest("invalid range " + raw + ": expected [min~max]");
            return new Term(key, Kind.RANGE, List.of(inner.substring(0, tilde).strip(), inner.substring(tilde + 1).strip()));
        }
        if (raw.startsWith("{") && raw.endsWith("}")) return new Term(key, Kind.ALL_OF, words(raw));
        if (raw.startsWith("(") && raw.endsWith(")")) return new Term(key, Kind.ANY_OF, words(raw));
        return new Term(key, Kind.EXACT, List.of(raw));
    }

    private static List<String> words(String raw) {
        String inner = raw.substring(1, raw.length() - 1).strip();
        return inner.isEmpty() ? List.of() : List.of(inner.split("\\s+"));
    }

    /** Splits at commas outside brackets, so that {@code labels=(1 2),name=~a} is two terms. */
    private static List<String> splitTerms(String q) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char ch : q.toCharArray()) {
            if (ch == '(' || ch == '[' || ch == '{') depth++;
            if (ch == ')' || ch == ']' || ch == '}') depth--;
            if (ch == ',' && depth == 0) {
                if (!current.isEmpty()) parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        if (depth != 0) throw WharfException.badRequest("invalid query " + q + ": unbalanced brackets");
        if (!current.isEmpty()) parts.add(current.toString());
        return parts;
    }
}
