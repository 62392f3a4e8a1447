package io.wharf.scanner.analyzer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams a file of blank-line separated stanzas (dpkg status, apk installed) one stanza at a time, so a large
 * database never sits in memory as a whole. Only the first line of each field is kept; continuation lines (which
 * start with white space, e.g. long descriptions) are skipped.
 */
final class ControlFileReader {
    private ControlFileReader() {
    }

    /** Field names end at the first colon, so both {@code "Package: x"} and apk's {@code "P:x"} work. */
    static void forEachStanza(InputStream in, Consumer<Map<String, String>> action) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder));
        Map<String, String> stanza = new LinkedHashMap<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                if (!stanza.isEmpty()) {
                    action.accept(stanza);
                    stanza = new LinkedHashMap<>();
                }
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                stanza.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        if (!stanza.isEmpty()) {
            action.accept(stanza);
        }
    }
}
