package io.wharf.retention;

import io.wharf.tagrules.TagRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, for one repository, which artifacts a policy keeps: the union of what each enabled rule
 * covering the repository retains among the artifacts its tag selectors choose, plus every artifact
 * with an immutable tag. Everything else is deleted. A dry run and a real run call the same method.
 */
public final class RetentionEvaluator {
    private RetentionEvaluator() {}

    /** The outcome for one repository, with a line per artifact saying why it stays or goes. */
    public record Decision(List<Candidate> retained, List<Candidate> deleted, List<String> log) {}

    /** Whether any enabled rule covers the repository (a repository no rule covers is left alone). */
    public static boolean covers(List<RetentionRule> rules, String repository) {
        return rules.stream().anyMatch(r -> !r.disabled() && r.selectors().coversRepository(repository));
    }

    /** @param repository the name within the project; @param immutable the project's enabled immutability rules */
    public static Decision evaluate(String repository, List<Candidate> candidates, List<RetentionRule> rules,
                                    List<TagRule> immutable, Instant now) {
        Set<Candidate> kept = new LinkedHashSet<>();
        List<String> log = new ArrayList<>();
        for (RetentionRule rule : rules) {
            if (rule.disabled() || !rule.selectors().coversRepository(repository)) continue;
            List<Candidate> selected = candidates.stream().filter(c -> rule.selectors().selectsArtifact(c.tags())).toList();
            List<Candidate> retained = retain(rule, selected, now);
            log.add("rule " + rule.id() + " (" + rule.describe() + "): " + selected.size() + " selected, " + retained.size() + " retained");
            kept.addAll(retained);
        }
        List<Candidate> retained = new ArrayList<>();
        List<Candidate> deleted = new ArrayList<>();
        for (Candidate c : candidates) {
            String immutableTag = c.tags().stream().filter(t -> immutable.stream()
                    .anyMatch(r -> r.coversRepository(repository) && r.selectsTag(t))).findFirst().orElse(null);
            if (kept.contains(c)) {
                retained.add(c);
                log.add("RETAIN " + c.describe());
            } else if (immutableTag != null) {
                retained.add(c);
                log.add("RETAIN " + c.describe() + ": tag " + immutableTag + " is immutable");
            } else {
                deleted.add(c);
                log.add("DELETE " + c.describe());
            }
        }
        return new Decision(List.copyOf(retained), List.copyOf(deleted), List.copyOf(log));
    }

    /** What one rule keeps of the artifacts it selected. */
    static List<Candidate> retain(RetentionRule rule, List<Candidate> selected, Instant now) {
        // Ties on time keep the higher artifact id (the later record), so the choice is stable.
        Comparator<Candidate> byId = Comparator.comparingLong(Candidate::artifactId).reversed();
        return switch (rule.template()) {
            case RetentionRule.LATEST_PUSHED -> selected.stream()
                    .sorted(Comparator.comparing(Candidate::pushTime, Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(byId))
                    .limit(rule.number()).toList();
            // As Harbor: artifacts never pulled come last, and fill the N when fewer were pulled.
            case RetentionRule.LATEST_PULLED -> selected.stream()
                    .sorted(Comparator.comparing(Candidate::pullTime, Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(byId))
                    .limit(rule.number()).toList();
            case RetentionRule.DAYS_SINCE_PUSH -> {
                Instant since = now.minus(Duration.ofDays(rule.number()));
                yield selected.stream().filter(c -> c.pushTime() != null && !c.pushTime().isBefore(since)).toList();
            }
            case RetentionRule.DAYS_SINCE_PULL -> {
                Instant since = now.minus(Duration.ofDays(rule.number()));
                yield selected.stream().filter(c -> c.pullTime() != null && !c.pullTime().isBefore(since)).toList();
            }
            default -> selected;
        };
    }
}
