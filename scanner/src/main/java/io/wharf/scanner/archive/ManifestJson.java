package io.wharf.scanner.archive;

import io.wharf.scanner.ExportManifest;
import io.wharf.scanner.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link ExportManifest} to and from its JSON. */
final class ManifestJson {
    private ManifestJson() {
    }

    static String write(ExportManifest m) {
        JsonArrayBuilder sources = JsonSupport.PROVIDER.createArrayBuilder();
        for (ExportManifest.Source s : m.sources()) {
            JsonObjectBuilder o = JsonSupport.PROVIDER.createObjectBuilder().add("name", s.name());
            nullable(o, "url", s.url());
            nullable(o, "lastSuccess", s.lastSuccess() == null ? null : s.lastSuccess().toString());
            o.add("records", s.records()).add("rows", s.rows()).add("file", s.file()).add("sha256", s.sha256());
            sources.add(o);
        }
        return JsonSupport.PROVIDER.createObjectBuilder().add("format", m.format())
                .add("exportedAt", m.exportedAt().toString()).add("generation", m.generation())
                .add("totalRecords", m.totalRecords()).add("sources", sources).build().toString();
    }

    private static void nullable(JsonObjectBuilder o, String name, String value) {
        if (value == null) {
            o.addNull(name);
        } else {
            o.add(name, value);
        }
    }

    /** @throws IllegalArgumentException when it is not a manifest of a format this scanner reads */
    static ExportManifest read(String json) {
        JsonObject o;
        try (JsonReader r = JsonSupport.PROVIDER.createReader(new StringReader(json))) {
            o = r.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("manifest.json does not parse: " + e.getMessage(), e);
        }
        try {
            if (!ExportManifest.FORMAT.equals(o.getString("format", null))) {
                throw new IllegalArgumentException("manifest.json: unknown format " + o.get("format"));
            }
            List<ExportManifest.Source> sources = new ArrayList<>();
            for (JsonValue v : o.getJsonArray("sources")) {
                JsonObject s = v.asJsonObject();
                String last = s.isNull("lastSuccess") ? null : s.getString("lastSuccess");
                sources.add(new ExportManifest.Source(s.getString("name"), s.isNull("url") ? null : s.getString("url"),
                        last == null ? null : Instant.parse(last), s.getInt("records"),
                        s.getJsonNumber("rows").longValue(), s.getString("file"), s.getString("sha256")));
            }
            return new ExportManifest(o.getString("format"), Instant.parse(o.getString("exportedAt")),
                    o.getJsonNumber("generation").longValue(), sources);
        } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("manifest.json is missing a field or has a wrong one: " + e, e);
        }
    }
}
