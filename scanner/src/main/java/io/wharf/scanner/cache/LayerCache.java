package io.wharf.scanner.cache;

import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.vulndb.VulnStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    public static final int FORMAT_VERSION = 2; // 2: rpm attributes, jar SHA-1s, Go binaries, Python packages and lock files
    private static final Logger LOG = Logger.getLogger(LayerCache.class.getName());

    /** Decoded inventories kept in memory (base layers are shared by many images); each is ~1 MB at most. */
    static final int MEMORY_ENTRIES = 32;

    private static final String SELECT_INVENTORY =
            "SELECT inventory FROM vuln_layer_inventory WHERE layer_digest = ? AND format_version = ?";
    private static final String SELECT_PRESENT =
            "SELECT 1 FROM vuln_layer_inventory WHERE layer_digest = ? AND format_version = ?";
    private static final String INSERT = "INSERT INTO vuln_layer_inventory"
            + " (layer_digest, format_version, inventory, created_at) VALUES (?,?,?,?)";

    private final VulnStore store;
    private final Map<String, LayerInventory> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LayerInventory> eldest) {
            return size() > MEMORY_ENTRIES;
        }
    };

    public LayerCache(VulnStore store) {
        this.store = store;
    }

    /**
     * The cached inventory of a layer. The table stays the truth: a layer decoded here before is returned from
     * memory only after a look-up of its key (no CLOB fetched, nothing decoded) finds its row still there, so a
     * row removed from the table is a miss as before.
     */
    public Optional<LayerInventory> get(String digest) throws SQLException {
        LayerInventory known = remembered(digest);
        try (Connection c = store.connection()) {
            if (known != null) {
                try (PreparedStatement ps = c.prepareStatement(SELECT_PRESENT)) {
                    ps.setString(1, digest);
                    ps.setInt(2, FORMAT_VERSION);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return Optional.of(known);
                        }
                    }
                }
                forget(digest);
            }
            try (PreparedStatement ps = c.prepareStatement(SELECT_INVENTORY)) {
                ps.setString(1, digest);
                ps.setInt(2, FORMAT_VERSION);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    LayerInventory inventory = InventoryCodec.decode(digest, rs.getString(1));
                    remember(inventory);
                    return Optional.of(inventory);
                }
            }
        }
    }

    /** Compiles this cache's statements ahead of the first scan (see {@link VulnStore#warmUp()}); reads and writes nothing. */
    public void warmUp() throws SQLException {
        try (Connection c = store.connection()) {
            for (String sql : List.of(SELECT_INVENTORY, SELECT_PRESENT)) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, "(warm-up)");
                    ps.setInt(2, FORMAT_VERSION);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            }
            c.prepareStatement(INSERT).close();
        }
        InventoryCodec.decode("(warm-up)", InventoryCodec.encode(new LayerInventory("(warm-up)", Map.of(),
                List.of(), List.of())));
    }

    private synchronized LayerInventory remembered(String digest) {
        return recent.get(digest);
    }

    private synchronized void remember(LayerInventory inventory) {
        recent.put(inventory.digest(), inventory);
    }

    private synchronized void forget(String digest) {
        recent.remove(digest);
    }

    /**
     * Stores an inventory without ever removing a valid one: insert, and on a duplicate key replace
     * the row only when it holds an older format. (Deleting first let a concurrent reader miss the
     * cache between the two statements and read the layer again.)
     */
    public void put(LayerInventory inventory) throws SQLException {
        String encoded = InventoryCodec.encode(inventory);
        try (Connection c = store.connection()) {
            try (PreparedStatement ins = c.prepareStatement(INSERT)) {
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
        remember(inventory);
    }
}
