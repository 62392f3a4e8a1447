package io.wharf.tagrules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Harbor's {@code immutable} flag of listed tags, and the rules going with a deleted project. */
class ImmutableTagsTest {
    /** The rules of project 7 in memory, as the database would answer them. */
    private static final class Rules extends ImmutableRuleStore {
        final List<ImmutableRule> rules = new ArrayList<>();

        @Override
        public List<ImmutableRule> ofProject(long projectId) { return projectId == 7 ? List.copyOf(rules) : List.of(); }

        @Override
        public void remove(ImmutableRule rule) { rules.remove(rule); }
    }

    private static ImmutableRule rule(String tags, String repositories, boolean disabled) {
        String selector = "{\"kind\":\"doublestar\",\"decoration\":\"%s\",\"pattern\":\"%s\"}";
        return new ImmutableRule(7L, 0, disabled, "{\"tag_selectors\":[" + selector.formatted("matches", tags) + "],\"scope_selectors\":{\"repository\":["
                + selector.formatted("repoMatches", repositories) + "]}}", Instant.now());
    }

    private static ImmutableTags with(ImmutableRule... rules) {
        Rules store = new Rules();
        store.rules.addAll(List.of(rules));
        ImmutableTags tags = new ImmutableTags();
        tags.store = store;
        return tags;
    }

    @Test
    void onlyTagsAnEnabledRuleCoversAreImmutable() {
        ImmutableTags tags = with(rule("v*", "team/**", false), rule("latest", "**", true));
        assertEquals(Set.of("v1", "v2.0"), tags.immutableAmong(7, "team/web", List.of("v1", "v2.0", "latest", "dev")));
        assertEquals(Set.of(), tags.immutableAmong(7, "other", List.of("v1", "latest")), "the rule covers team/** only; latest's rule is disabled");
        assertEquals(Set.of(), tags.immutableAmong(8, "team/web", List.of("v1")), "another project's rules do not apply");
        assertEquals(Set.of(), tags.immutableAmong(7, "team/web", List.of()));
    }

    @Test
    void aDeletedProjectsRulesAreRemoved() {
        ImmutableTags tags = with(rule("v*", "**", false), rule("latest", "**", true));
        assertEquals(2, tags.projectDeleted(7));
        assertEquals(Set.of(), tags.immutableAmong(7, "app", List.of("v1", "latest")));
        assertEquals(0, tags.projectDeleted(7));
    }
}
