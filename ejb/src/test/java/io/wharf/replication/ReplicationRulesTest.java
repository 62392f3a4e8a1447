package io.wharf.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which repositories and tags a rule selects, and where they land at the destination. */
class ReplicationRulesTest {
    @Test
    void nameGlobsStopAtSlashesUnlessDoubled() {
        ReplicationFilters f = new ReplicationFilters("library/*", null, false);
        assertTrue(f.matchesRepository("library/alpine"));
        assertFalse(f.matchesRepository("library/team/alpine"));
        assertFalse(f.matchesRepository("other/alpine"));
        assertTrue(new ReplicationFilters("library/**", null, false).matchesRepository("library/team/alpine"));
        assertTrue(new ReplicationFilters("{hpc,ml}/**", null, false).matchesRepository("ml/train/x"));
        assertTrue(ReplicationFilters.ALL.matchesRepository("any/thing"));
    }

    @Test
    void tagGlobsMatchOrExclude() {
        ReplicationFilters only = new ReplicationFilters(null, "v1.*", false);
        assertTrue(only.matchesTag("v1.2"));
        assertFalse(only.matchesTag("v2.0"));
        ReplicationFilters except = new ReplicationFilters(null, "*-rc*", true);
        assertTrue(except.matchesTag("v2.0"));
        assertFalse(except.matchesTag("v2.0-rc1"));
    }

    @Test
    void filtersSurviveTheirStoredForm() {
        ReplicationFilters f = new ReplicationFilters("hpc/**", "v*", true);
        assertEquals(f, ReplicationFilters.fromJson(f.toJson()));
        assertEquals(ReplicationFilters.ALL, ReplicationFilters.fromJson("[]"));
    }

    @Test
    void aBrokenPatternIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReplicationFilters("a/{b", null, false));
        assertTrue(e.getMessage().contains("name filter"), e.getMessage());
    }

    @Test
    void destinationNamespaceRewritesAsHarborDoes() {
        assertEquals("hpc/team/app", NamespaceRewrite.apply("hpc/team/app", null, -1));
        assertEquals("mirror/app", NamespaceRewrite.apply("hpc/team/app", "mirror", -1));
        assertEquals("mirror/hpc/team/app", NamespaceRewrite.apply("hpc/team/app", "mirror", 0));
        assertEquals("mirror/team/app", NamespaceRewrite.apply("hpc/team/app", "mirror", 1));
        assertEquals("mirror/app", NamespaceRewrite.apply("hpc/team/app", "mirror", 2));
        assertThrows(IllegalArgumentException.class, () -> NamespaceRewrite.apply("hpc/app", "mirror", 2));
    }

    @Test
    void cosignTagsAreAccessories() {
        assertTrue(ReplicationService.isAccessoryTag("sha256-" + "a".repeat(64) + ".sig"));
        assertFalse(ReplicationService.isAccessoryTag("v1"));
    }
}
