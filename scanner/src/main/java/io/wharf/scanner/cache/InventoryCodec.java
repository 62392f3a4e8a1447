package io.wharf.scanner.cache;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.analyzer.FileFacts;
import io.wharf.scanner.analyzer.FoundPackage;
import io.wharf.scanner.analyzer.OsRelease;
import io.wharf.scanner.layer.LayerInventory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link LayerInventory} as JSON and back, for the {@code vuln_layer_inventory} table. */
public final class InventoryCodec {
    private InventoryCodec() {
    }

    public static String encode(LayerInventory inv) {
        JsonArrayBuilder files = JsonSupport.PROVIDER.createArrayBuilder();
        inv.files().forEach((path, facts) -> {
            JsonArrayBuilder pkgs = JsonSupport.PROVIDER.createArrayBuilder();
            for (FoundPackage p : facts.packages()) {
                JsonObjectBuilder b = JsonSupport.PROVIDER.createObjectBuilder().add("name", p.name()).add("version", p.version())
                        .add("type", p.type()).add("location", p.location());
                optional(b, "sourceName", p.sourceName());
                optional(b, "sourceVersion", p.sourceVersion());
                optional(b, "identifiedBy", p.identifiedBy());
                optional(b, "sha1", p.sha1());
                if (!p.attributes().isEmpty()) {
                    JsonObjectBuilder a = JsonSupport.PROVIDER.createObjectBuilder();
                    p.attributes().forEach(a::add);
                    b.add("attributes", a);
                }
                pkgs.add(b);
            }
            JsonObjectBuilder f = JsonSupport.PROVIDER.createObjectBuilder().add("path", path).add("packages", pkgs);
            OsRelease os = facts.osRelease();
            if (os != null) {
                JsonObjectBuilder o = JsonSupport.PROVIDER.createObjectBuilder().add("family", os.family());
                optional(o, "version", os.version());
                optional(o, "codename", os.codename());
                f.add("os", o);
            }
            files.add(f);
        });
        return JsonSupport.PROVIDER.createObjectBuilder()
                .add("files", files)
                .add("whiteouts", JsonSupport.PROVIDER.createArrayBuilder(inv.whiteouts()))
                .add("opaqueDirs", JsonSupport.PROVIDER.createArrayBuilder(inv.opaqueDirs()))
                .build().toString();
    }

    public static LayerInventory decode(String digest, String json) {
        JsonObject root;
        try (JsonReader r = JsonSupport.PROVIDER.createReader(new StringReader(json))) {
            root = r.readObject();
        }
        Map<String, FileFacts> files = new LinkedHashMap<>();
        for (JsonValue fv : root.getJsonArray("files")) {
            JsonObject f = fv.asJsonObject();
            List<FoundPackage> pkgs = new ArrayList<>();
            for (JsonValue pv : f.getJsonArray("packages")) {
                JsonObject p = pv.asJsonObject();
                Map<String, String> attributes = new LinkedHashMap<>();
                if (p.containsKey("attributes")) {
                    p.getJsonObject("attributes").forEach((k, v) -> attributes.put(k, ((JsonString) v).getString()));
                }
                pkgs.add(new FoundPackage(p.getString("name"), p.getString("version"), p.getString("type"),
                        p.getString("sourceName", null), p.getString("sourceVersion", null), p.getString("location"),
                        p.getString("identifiedBy", null), p.getString("sha1", null), attributes));
            }
            OsRelease os = null;
            if (f.containsKey("os")) {
                JsonObject o = f.getJsonObject("os");
                os = new OsRelease(o.getString("family"), o.getString("version", null), o.getString("codename", null));
            }
            files.put(f.getString("path"), new FileFacts(pkgs, os));
        }
        return new LayerInventory(digest, files, strings(root, "whiteouts"), strings(root, "opaqueDirs"));
    }

    private static List<String> strings(JsonObject o, String key) {
        return o.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static void optional(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }
}
