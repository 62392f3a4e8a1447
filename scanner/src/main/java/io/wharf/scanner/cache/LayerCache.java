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

    /**
     * Stores an inventory without ever removing a valid one: insert, and on a duplicate key replace
     * the row only when it holds an older format. (Deleting first let a concurrent reader miss the
     * cache between the two statements and read the layer again.)
     */
    public void put(LayerInventory inventory) throws SQLException {
        String encoded = InventoryCodec.encode(inventory);
        try (Connection c = store.connection()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO vuln_layer_inventory"
                    + " (layer_digest, format_version, inventory, created_at) VALUES (?,?,?,?)")) {
                ins.setString(1, inventory.digest());
                ins.setInt(2, FORMAT_VERSION);
                ins.setString(3, encoded);
                ins.setTimestamp(4, Timestamp.from(Instant.now()));
                ins.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                // Cached already: by another worker (as good as ours), or in an older format (replaced).
                try (PreparedStatement upd = c.prepareStatement("UPDATE vuln_layer_inventory SET format_version = ?,"
                        + " inventory = ?, created_at = ? WHERE layer_digest = ? AND format_version < ?")) {
                    upd.setInt(1, FORMAT_VERSION);
                    upd.setString(2, encoded);
                    upd.setTimestamp(3, Timestamp.from(Instant.now()));
                    upd.setString(4, inventory.digest());
                    upd.setInt(5, FORMAT_VERSION);
                    upd.executeUpdate();
                }
                LOG.log(Level.FINE, "layer {0} was cached already", inventory.digest());
            }
        }
    }
}
