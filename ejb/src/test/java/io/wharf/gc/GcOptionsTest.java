package io.wharf.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class GcOptionsTest {
    private static JsonObject json(String s) {
        try (var r = Json.createReader(new StringReader(s))) {
            return r.readObject();
        }
    }

    @Test
    void harborsOptionsWithTheirDefaults() {
        assertEquals(new GcOptions(false, false, 1), GcOptions.of(json("{}")));
        assertEquals(new GcOptions(true, true, 5), GcOptions.of(json("{\"dry_run\":true,\"delete_untagged\":true,\"workers\":5}")));
        assertEquals(GcOptions.of(json("{\"dry_run\":true,\"workers\":3}")), GcOptions.of(GcOptions.of(json("{\"dry_run\":true,\"workers\":3}")).toJson()));
    }

    @Test
    void wrongOptionsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GcOptions.of(json("{\"workers\":0}"))).getMessage().contains("workers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GcOptions.of(json("{\"workers\":6}"))).getMessage().contains("workers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GcOptions.of(json("{\"workers\":1.5}"))).getMessage().contains("workers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GcOptions.of(json("{\"dry_run\":\"yes\"}"))).getMessage().contains("dry_run"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GcOptions.of(json("{\"delete_untagged\":1}"))).getMessage().contains("delete_untagged"));
    }
}
