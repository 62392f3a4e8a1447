package io.wharf.scanner.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds real Go executables with the installed Go toolchain ({@code go}, Debian's {@code golang-go}), in module
 * mode from a vendor directory: there is no module proxy in the build, so every dependency is a
 * {@code vendor/modules.txt} entry with a small package under {@code vendor/}. The build records each module's path
 * and version (and replacement) from modules.txt, exactly as for the real module.
 */
public final class GoToolchain {
    /** A vendored module: path and version as in go.mod, optionally replaced by another path at another version. */
    public record Dependency(String path, String version, String replacementPath, String replacementVersion) {
        public static Dependency of(String path, String version) {
            return new Dependency(path, version, null, null);
        }

        /** The path the build sees the package under, and the module whose source is vendored. */
        String packagePath() {
            return path + "/wharfstub";
        }
    }

    private GoToolchain() {
    }

    /** The toolchain's version ({@code go1.19.8}); fails the test with what to install when there is no {@code go}. */
    public static String version(Path work) throws IOException, InterruptedException {
        return run(work, List.of("go", "env", "GOVERSION")).strip();
    }

    /**
     * Builds {@code main} importing one package of each dependency into {@code out}.
     *
     * @param pie with {@code -buildmode=pie} (its build information sits in a later writable segment)
     */
    public static Path build(Path work, String module, List<Dependency> deps, boolean pie, String out)
            throws IOException, InterruptedException {
        Path src = Files.createDirectories(work.resolve("src-" + out));
        StringBuilder goMod = new StringBuilder("module " + module + "\n\ngo 1.17\n\nrequire (\n");
        StringBuilder replaces = new StringBuilder();
        StringBuilder modulesTxt = new StringBuilder();
        StringBuilder imports = new StringBuilder();
        StringBuilder uses = new StringBuilder();
        int i = 0;
        for (Dependency d : deps) {
            goMod.append("\t").append(d.path()).append(" ").append(d.version()).append("\n");
            String header = "# " + d.path() + " " + d.version();
            if (d.replacementPath() != null) {
                replaces.append("replace ").append(d.path()).append(" ").append(d.version()).append(" => ")
                        .append(d.replacementPath()).append(" ").append(d.replacementVersion()).append("\n");
                header += " => " + d.replacementPath() + " " + d.replacementVersion();
            }
            modulesTxt.append(header).append("\n## explicit; go 1.17\n").append(d.packagePath()).append("\n");
            Path pkg = Files.createDirectories(src.resolve("vendor").resolve(d.packagePath()));
            Files.writeString(pkg.resolve("stub.go"), "// Package wharfstub stands in for a package of " + d.path()
                    + " " + d.version() + ".\npackage wharfstub\n\n// Name names the module.\nfunc Name() string { return \""
                    + d.path() + "\" }\n");
            imports.append("\tm").append(i).append(" \"").append(d.packagePath()).append("\"\n");
            uses.append("\tfmt.Println(m").append(i).append(".Name())\n");
            i++;
        }
        goMod.append(")\n").append(replaces.isEmpty() ? "" : "\n" + replaces);
        Files.writeString(src.resolve("go.mod"), goMod.toString());
        Files.writeString(src.resolve("vendor/modules.txt"), modulesTxt.toString());
        Files.writeString(src.resolve("main.go"), "package main\n\nimport (\n\t\"fmt\"\n" + imports + ")\n\nfunc main() {\n"
                + uses + "}\n");
        Path binary = work.resolve(out);
        List<String> cmd = new ArrayList<>(List.of("go", "build", "-mod=vendor", "-trimpath"));
        if (pie) {
            cmd.add("-buildmode=pie");
        }
        cmd.addAll(List.of("-o", binary.toString(), "."));
        run(src, cmd);
        return binary;
    }

    /** {@code go version -m}: what the toolchain itself reads back from the binary. */
    public static String versionM(Path binary) throws IOException, InterruptedException {
        return run(binary.getParent(), List.of("go", "version", "-m", binary.toString()));
    }

    private static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GOFLAGS", "-mod=vendor");
        env.put("GOPROXY", "off");
        env.put("GOTOOLCHAIN", "local");
        env.put("GOENV", "off"); // no per-user settings file (and no need for a HOME)
        env.put("CGO_ENABLED", "0");
        env.put("GOCACHE", Path.of(System.getProperty("java.io.tmpdir"), "wharf-test-gocache").toString());
        env.put("GOPATH", dir.resolve(".gopath").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return fail("the Go toolchain is needed for this test and `go` could not be run (" + e.getMessage()
                    + "); install Debian's golang-go (apt-get install golang-go)");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            return fail(String.join(" ", cmd) + " failed in " + dir + ":\n" + output);
        }
        return output;
    }
}
