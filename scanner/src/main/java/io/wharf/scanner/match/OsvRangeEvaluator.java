package io.wharf.scanner.match;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.version.VersionScheme;
import io.wharf.scanner.version.VersionSchemes;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a version is affected by an OSV {@code affected} entry, following the OSV schema's evaluation
 * rules: the version is listed in {@code versions}, or falls in a range whose events, sorted by version, open at
 * {@code introduced} and close at {@code fixed} (exclusive) or after {@code last_affected} (inclusive).
 * {@code introduced: "0"} means "since the first version".
 */
public final class OsvRangeEvaluator {
    private OsvRangeEvaluator() {
    }

    private record Event(String kind, String version) {
        boolean isZero() {
            return kind.equals("introduced") && version.equals("0");
        }
    }

    /**
     * @param matchData {@code {"ranges":[...],"versions":[...]}} as stored by the importers
     * @param ecosystem OSV ecosystem, selects the version order for ECOSYSTEM ranges
     */
    public static Optional<Verdict> evaluate(String matchData, String ecosystem, String version) {
        Optional<VersionScheme> ecosystemScheme = VersionSchemes.forEcosystem(ecosystem);
        JsonObject data;
        try (JsonReader r = JsonSupport.PROVIDER.createReader(new StringReader(matchData))) {
            data = r.readObject();
        }
        for (JsonValue rv : data.getJsonArray("ranges")) {
            JsonObject range = rv.asJsonObject();
            VersionScheme scheme = "SEMVER".equals(range.getString("type", ""))
                    ? VersionSchemes.SEMVER : ecosystemScheme.orElse(null);
            if (scheme == null) {
                continue;
            }
            Optional<Verdict> verdict = inRange(events(range), version, scheme);
            if (verdict.isPresent()) {
                return verdict;
            }
        }
        // after the ranges, which can name the fix (PyPA records list every affected version as well)
        for (JsonValue v : data.getJsonArray("versions")) {
            if (v instanceof JsonString s && (s.getString().equals(version)
                    || ecosystemScheme.map(sc -> sc.compare(s.getString(), version) == 0).orElse(false))) {
                return Optional.of(new Verdict(null));
            }
        }
        return Optional.empty();
    }

    private static List<Event> events(JsonObject range) {
        List<Event> events = new ArrayList<>();
        for (JsonValue ev : range.getJsonArray("events")) {
            JsonObject e = ev.asJsonObject();
            for (String kind : List.of("introduced", "fixed", "last_affected", "limit")) {
                if (e.containsKey(kind)) {
                    events.add(new Event(kind, e.getString(kind)));
                }
            }
        }
        return events;
    }

    static Optional<Verdict> inRange(List<Event> unsorted, String version, VersionScheme scheme) {
        Comparator<Event> byVersion = (a, b) -> {
            if (a.isZero() || b.isZero()) {
                return Boolean.compare(!a.isZero(), !b.isZero());
            }
            return scheme.compare(a.version(), b.version());
        };
        List<Event> events = new ArrayList<>(unsorted);
        events.sort(byVersion);
        boolean affected = false;
        for (Event e : events) {
            switch (e.kind()) {
                case "introduced" -> {
                    if (e.isZero() || scheme.compare(version, e.version()) >= 0) {
                        affected = true;
                    }
                }
                case "fixed" -> {
                    if (scheme.compare(version, e.version()) >= 0) {
                        affected = false;
                    } else if (affected) {
                        return Optional.of(new Verdict(e.version()));
                    }
                }
                case "last_affected" -> {
                    if (scheme.compare(version, e.version()) > 0) {
                        affected = false;
                    } else if (affected) {
                        return Optional.of(new Verdict(null));
                    }
                }
                case "limit" -> {
                    if (scheme.compare(version, e.version()) >= 0) {
                        affected = false;
                    }
                }
                default -> {
                }
            }
        }
        return affected ? Optional.of(new Verdict(null)) : Optional.empty();
    }
}
