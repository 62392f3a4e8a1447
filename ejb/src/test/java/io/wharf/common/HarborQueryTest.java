package io.wharf.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The query strings Harbor's CLI and Terraform provider send, parsed as Harbor parses them. */
class HarborQueryTest {
    static final Set<String> KEYS = Set.of("name", "tags", "labels", "creation_time");
    static final Set<String> SORT = Set.of("name", "creation_time");

    @Test
    void fuzzyExactRangeAndListsAreTold() {
        HarborQuery q = HarborQuery.parse("name=~hello,tags=*,labels=(3 7),creation_time=[2024-01-01~2024-12-31]", null, KEYS, SORT);
        assertEquals(HarborQuery.Kind.FUZZY, q.term("name").orElseThrow().kind());
        assertTrue(q.term("name").orElseThrow().matches("library/hello-world"));
        assertFalse(q.term("name").orElseThrow().matches("library/busybox"));
        assertEquals(HarborQuery.Kind.EXACT, q.term("tags").orElseThrow().kind());
        assertEquals("*", q.term("tags").orElseThrow().value());
        assertEquals(List.of("3", "7"), q.term("labels").orElseThrow().values());
        assertTrue(q.term("labels").orElseThrow().matches("7"));
        assertTrue(q.term("creation_time").orElseThrow().matches("2024-06-01"));
        assertFalse(q.term("creation_time").orElseThrow().matches("2025-01-01"));
    }

    @Test
    void sortOrdersByEachFieldInTurnDescendingWithAMinus() {
        HarborQuery q = HarborQuery.parse(null, "-creation_time,name", KEYS, SORT);
        record Row(String name, int created) {}
        List<Row> rows = new ArrayList<>(List.of(new Row("b", 1), new Row("a", 2), new Row("c", 2)));
        rows.sort(q.comparator(Map.of("name", Comparator.comparing(Row::name), "creation_time", Comparator.comparingInt(Row::created)),
                Comparator.comparing(Row::name)));
        assertEquals(List.of("a", "c", "b"), rows.stream().map(Row::name).toList());
    }

    @Test
    void unknownKeysFieldsAndBrokenSyntaxAreClearErrors() {
        WharfException key = assertThrows(WharfException.class, () -> HarborQuery.parse("owner=me", null, KEYS, SORT));
        assertEquals(400, key.status());
        assertTrue(key.getMessage().contains("owner"), key.getMessage());
        assertEquals(400, assertThrows(WharfException.class, () -> HarborQuery.parse(null, "-size", KEYS, SORT)).status());
        assertEquals(400, assertThrows(WharfException.class, () -> HarborQuery.parse("labels=(1 2", null, KEYS, SORT)).status());
        assertEquals(400, assertThrows(WharfException.class, () -> HarborQuery.parse("justaword", null, KEYS, SORT)).status());
    }

    @Test
    void aListingsNameFilterComesFromTheParameterOrFromQ() {
        assertEquals("web", HarborQuery.nameFilter("web", "name=other"));
        assertEquals("other", HarborQuery.nameFilter(null, "name=other"));
        assertEquals(null, HarborQuery.nameFilter(null, null));
        assertEquals(400, assertThrows(WharfException.class, () -> HarborQuery.nameFilter(null, "size=3")).status());
    }
}
