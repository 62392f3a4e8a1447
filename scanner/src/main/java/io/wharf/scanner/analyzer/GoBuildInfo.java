package io.wharf.scanner.analyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build information the Go toolchain (1.18 and later) embeds in an executable: the Go version it was built
 * with and the module lines ({@code path}, {@code mod}, {@code dep}, {@code =>} replacements, {@code build}), in
 * the text form {@code go version -m} prints. Parsing only; {@link GoBinaryAnalyzer} finds the bytes.
 *
 * @param goVersion the toolchain's version string, e.g. {@code go1.19.8}
 * @param modules   the main module (unless it is {@code (devel)}) and every dependency, with replacements applied
 */
public record GoBuildInfo(String goVersion, List<Module> modules) {
    /** A module compiled into the binary, version as Go writes it ({@code v0.3.7}). */
    public record Module(String path, String version) {
    }

    /** The pseudo module the Go vulnerability database files standard library vulnerabilities under. */
    public static final String STDLIB = "stdlib";

    private static final Pattern GO_VERSION = Pattern.compile("^go(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?");

    public GoBuildInfo {
        modules = List.copyOf(modules);
    }

    /**
     * Reads the module text. A {@code =>} line replaces the module of the line before it (the code compiled in is
     * the replacement's); a replacement by a local directory has no version and is left out, as is a main module
     * built from a work tree ({@code (devel)}).
     */
    public static GoBuildInfo parse(String goVersion, String modInfo) {
        List<Module> modules = new ArrayList<>();
        Module last = null;
        for (String line : modInfo.split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "mod", "dep" -> {
                    addIfVersioned(modules, last);
                    last = f.length >= 3 ? new Module(f[1], f[2]) : null;
                }
                case "=>" -> last = last != null && f.length >= 3 ? new Module(f[1], f[2]) : null;
                default -> {
                    // path, build settings and anything newer toolchains add carry no module version
                }
            }
        }
        addIfVersioned(modules, last);
        return new GoBuildInfo(goVersion, modules);
    }

    private static void addIfVersioned(List<Module> modules, Module m) {
        if (m != null && !m.path().isEmpty() && !m.version().isEmpty() && !m.version().equals("(devel)")) {
            modules.add(m);
        }
    }

    /**
     * The standard library's version in module form, as the vulnerability database compares it:
     * {@code go1.19.8} → {@code v1.19.8}, {@code go1.21} → {@code v1.21.0}, {@code go1.21rc2} → {@code v1.21.0-rc.2};
     * extra words ({@code go1.22.0 X:boringcrypto}) are dropped. Null for a development toolchain ({@code devel ...}).
     */
    public String stdlibVersion() {
        Matcher m = GO_VERSION.matcher(goVersion == null ? "" : goVersion.strip());
        if (!m.find()) {
            return null;
        }
        String v = "v" + m.group(1) + "." + m.group(2) + "." + (m.group(3) == null ? "0" : m.group(3));
        return m.group(4) == null ? v : v + "-" + m.group(4) + "." + m.group(5);
    }
}
