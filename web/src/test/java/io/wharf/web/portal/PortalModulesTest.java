package io.wharf.web.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The portal's ES modules load in a browser only if every one of them parses and every name one imports is exported
 * by the other: one stray parenthesis leaves the whole portal blank. Checked here in seconds rather than by the
 * browser tests at the end of the build: the syntax by Node's parser (as a module), the imports by reading them.
 */
class PortalModulesTest {
    private static final Path ROOT = Path.of("src/main/webapp/portal/js");
    private static final Pattern IMPORT = Pattern.compile("import \\{([^}]*)\\} from '([^']+)'");
    private static final Pattern EXPORT = Pattern.compile("export (?:async )?(?:function|const|let|class)\\s+(\\w+)");

    @Test
    void everyModuleParsesAsAModule() throws Exception {
        assumeTrue(nodeRuns(), "node is not installed here (bin/wharf test-deps installs it for the browser tests)");
        List<String> broken = new ArrayList<>();
        for (Path module : modules()) {
            Process p = new ProcessBuilder("node", "--input-type=module", "--check").redirectInput(module.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node --check did not end for " + module);
            if (p.exitValue() != 0) broken.add(ROOT.relativize(module) + ":\n" + out.lines().limit(5).reduce("", (a, b) -> a + b + "\n"));
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyImportedNameIsExportedByItsModule() throws IOException {
        Map<Path, Set<String>> exports = new HashMap<>();
        for (Path module : modules()) {
            Set<String> names = new HashSet<>();
            Matcher m = EXPORT.matcher(Files.readString(module));
            while (m.find()) names.add(m.group(1));
            exports.put(module.normalize(), names);
        }
        List<String> missing = new ArrayList<>();
        for (Path module : modules()) {
            Matcher m = IMPORT.matcher(Files.readString(module));
            while (m.find()) {
                Path target = module.getParent().resolve(m.group(2)).normalize();
                Set<String> names = exports.get(target);
                if (names == null) {
                    missing.add(ROOT.relativize(module) + " imports the missing module " + m.group(2));
                    continue;
                }
                for (String name : m.group(1).split(",")) {
                    String n = name.strip().split("\\s+as\\s+")[0].strip();
                    if (!n.isEmpty() && !names.contains(n)) missing.add(ROOT.relativize(module) + " imports " + n + " from " + m.group(2));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    private static List<Path> modules() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".js")).sorted().toList();
            assertTrue(found.size() > 10, "the portal's modules are not under " + ROOT.toAbsolutePath());
            return found;
        }
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
