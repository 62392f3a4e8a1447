package io.wharf.scanner.analyzer;

import io.wharf.scanner.JsonSupport;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * npm packages: the {@code package.json} at the root of each package directory under a {@code node_modules}
 * folder (scoped {@code @scope/name} too, at any nesting depth). Other package.json files (fixtures, sub-folders
 * of a package) are not installed packages and are ignored.
 */
public final class NpmPackageAnalyzer implements Analyzer {
    private static final Pattern PACKAGE_JSON =
            Pattern.compile("(^|.*/)node_modules/(@[^/]+/)?[^/@][^/]*/package\\.json$");

    @Override
    public boolean accepts(String path) {
        return path.endsWith("/package.json") && PACKAGE_JSON.matcher(path).matches();
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        byte[] bytes = SmallFile.read(content, size, SmallFile.DEFAULT_CAP);
        if (bytes == null) {
            return FileFacts.NOTHING;
        }
        try (JsonReader reader = JsonSupport.PROVIDER.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return FileFacts.NOTHING;
            }
            JsonObject json = value.asJsonObject();
            String name = string(json, "name");
            String version = string(json, "version");
            if (name == null || version == null || name.isBlank() || version.isBlank()) {
                return FileFacts.NOTHING;
            }
            return FileFacts.of(List.of(new FoundPackage(name, version, FoundPackage.NPM, null, null, path)));
        } catch (JsonException e) {
            throw new IOException("malformed package.json: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject json, String key) {
        JsonValue v = json.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }
}
