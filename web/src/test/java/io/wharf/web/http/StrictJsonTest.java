package io.wharf.web.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.common.WharfException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    record Item(String cveId) {}
    record Body(Boolean sysadminFlag, Integer roleId, Map<String, String> metadata, List<Item> items) {}

    private static void ok(String json) {
        assertDoesNotThrow(() -> StrictJson.check(json.getBytes(StandardCharsets.UTF_8), Body.class));
    }

    private static String refused(String json) {
        WharfException e = assertThrows(WharfException.class, () -> StrictJson.check(json.getBytes(StandardCharsets.UTF_8), Body.class));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void rightTypesAndUnknownFieldsPass() {
        ok("{\"sysadmin_flag\":true,\"role_id\":4,\"metadata\":{\"public\":\"true\"},\"items\":[{\"cve_id\":\"CVE-1\"}],\"extra\":[1,{}]}");
        ok("{\"sysadmin_flag\":null}");
        ok("null");
    }

    @Test
    void wrongTypesAreRefused() {
        assertEquals("sysadmin_flag must be true or false", refused("{\"sysadmin_flag\":\"yes\"}"));
        refused("{\"sysadmin_flag\":1}");
        refused("{\"role_id\":\"4\"}");
        refused("{\"role_id\":4.5}");
        refused("{\"role_id\":1e30}");
        refused("{\"role_id\":99999999999}");
        refused("{\"metadata\":{\"public\":true}}");
        refused("{\"metadata\":[]}");
        refused("{\"items\":[{\"cve_id\":5}]}");
        refused("[]");
        refused("{\"metadata\":{\"public\":\"" + "x".repeat(StrictJson.MAX_STRING + 1) + "\"}}");
        refused("{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}");
        refused("{} {}");
        refused("{\"a\":");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'};
        WharfException e = assertThrows(WharfException.class, () -> StrictJson.check(body, Body.class));
        assertEquals(400, e.status());
    }
}
