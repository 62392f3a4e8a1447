package io.wharf.scanner.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.analyzer.FileFacts;
import io.wharf.scanner.analyzer.FoundPackage;
import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.vulndb.VulnStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class LayerCacheTest {
    private static LayerInventory inventory(String digest, String version) {
        FoundPackage p = new FoundPackage("lodash", version, FoundPackage.NPM, null, null, "app/node_modules/lodash/package.json");
        return new LayerInventory(digest, Map.of("app/node_modules/lodash/package.json", FileFacts.of(List.of(p))),
                List.of(), List.of());
    }

    @Test
    void secondPutOfALayerIsNotAnErrorAndKeepsTheFirst() throws SQLException {
        DataSource ds = TestDatabase.fresh();
        LayerCache one = new LayerCache(new VulnStore(ds));
        LayerCache other = new LayerCache(new VulnStore(ds)); // another worker or server
        one.put(inventory("sha256:aa", "4.17.15"));
        other.put(inventory("sha256:aa", "4.17.15"));
        assertEquals(1, TestDatabase.count(ds, "SELECT COUNT(*) FROM vuln_layer_inventory"));
        assertEquals(Optional.of(inventory("sha256:aa", "4.17.15")), new LayerCache(new VulnStore(ds)).get("sha256:aa"));
    }

    @Test
    void putReplacesAnEntryOfAnOlderFormat() throws SQLException {
        DataSource ds = TestDatabase.fresh();
        LayerCache cache = new LayerCache(new VulnStore(ds));
        assertTrue(cache.get("sha256:bb").isEmpty()); // creates the tables
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO vuln_layer_inventory (layer_digest, format_version, inventory, created_at) VALUES (?,?,?,?)")) {
            ps.setString(1, "sha256:bb");
            ps.setInt(2, LayerCache.FORMAT_VERSION - 1);
            ps.setString(3, InventoryCodec.encode(inventory("sha256:bb", "1.0.0")));
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        assertTrue(cache.get("sha256:bb").isEmpty(), "an older format is a miss");
        cache.put(inventory("sha256:bb", "4.17.21"));
        assertEquals(Optional.of(inventory("sha256:bb", "4.17.21")), new LayerCache(new VulnStore(ds)).get("sha256:bb"));
        assertEquals(1, TestDatabase.count(ds, "SELECT COUNT(*) FROM vuln_layer_inventory WHERE format_version = "
                + LayerCache.FORMAT_VERSION));
    }

    @Test
    void aRowRemovedFromTheTableIsAMissThoughTheInventoryWasInMemory() throws SQLException {
        DataSource ds = TestDatabase.fresh();
        LayerCache cache = new LayerCache(new VulnStore(ds));
        cache.put(inventory("sha256:cc", "4.17.15"));
        assertEquals(Optional.of(inventory("sha256:cc", "4.17.15")), cache.get("sha256:cc"));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM vuln_layer_inventory");
        }
        assertTrue(cache.get("sha256:cc").isEmpty());
    }
}
