package io.wharf.scanner.cache;

import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.vulndb.VulnStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Layer inventories by digest in {@code vuln_layer_inventory}. A layer's content never changes under its digest,
 * so an entry stays valid until the analyzers change: {@link #FORMAT_VERSION} is bumped then and older entries
 * are re-read.
 */
public final class LayerCache {
    /** Bump when analyzers start finding something they did not before. */
    public static final int FORMAT_VERSION = 1;
    private static final Logger LOG = Logger.getLogger(LayerCache.class.getName());

    private final VulnStore store;

    public LayerCache(VulnStore store) {
        this.store = store;
    }

    public Optional<LayerInventory> get(String digest) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT inventory FROM vuln_layer_inventory WHERE layer_digest = ? AND format_version = ?")) {
            ps.setString(1, digest);
            ps.setInt(2, FORMAT_VERSION);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(InventoryCodec.decode(digest, rs.getString(1))) : Optional.empty();
            }
        }
    }

    public void put(LayerInventory inventory) throws SQLException {
        try (Connection c = store.connection()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM vuln_layer_inventory WHERE layer_digest = ?")) {
                del.setString(1, inventory.digest());
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO vuln_layer_inventory"
                    + " (layer_digest, format_version, inventory, created_at) VALUES (?,?,?,?)")) {
                ins.setString(1, inventory.digest());
                ins.setInt(2, FORMAT_VERSION);
                ins.setString(3, InventoryCodec.encode(inventory));
                ins.setTimestamp(4, Timestamp.from(Instant.now()));
                ins.executeUpdate();
            } catch (SQLException e) {
                // Another worker cached the same layer concurrently: its copy is as good as ours.
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                LOG.log(Level.FINE, "layer {0} cached concurrently", inventory.digest());
            }
        }
    }
}
