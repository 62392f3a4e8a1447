package io.wharf.scanner.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.layer.LayerReader;
import io.wharf.scanner.layer.MergedImage;
import io.wharf.scanner.support.JarBuilder;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each analyzer on a synthetic layer, read through the real layer reader. */
class AnalyzerTest {
    private static List<FoundPackage> scan(LayerBuilder layer) throws IOException {
        LayerInventory inv = new LayerReader(Analyzers.defaults())
                .read("sha256:test", new ByteArrayInputStream(layer.build(Compression.GZIP)));
        return MergedImage.of(List.of(inv)).packages().stream().map(MergedImage.LocatedPackage::pkg).toList();
    }

    private static OsRelease os(LayerBuilder layer) throws IOException {
        LayerInventory inv = new LayerReader(Analyzers.defaults())
                .read("sha256:test", new ByteArrayInputStream(layer.build(Compression.NONE)));
        return MergedImage.of(List.of(inv)).osRelease();
    }

    private static Set<String> coordinates(List<FoundPackage> pkgs) {
        // archives known only by their SHA-1 wait for the scan's index look-up; they have no coordinates yet
        return pkgs.stream().filter(p -> !p.onlySha1()).map(p -> p.name() + "@" + p.version()).collect(Collectors.toSet());
    }

    @Test
    void dpkgStatusWithSourceFieldsAndRemovedPackages() throws IOException {
        String status = """
                Package: libssl3
                Status: install ok installed
                Priority: optional
                Architecture: amd64
                Source: openssl
                Version: 3.0.11-1~deb12u2
                Description: Secure Sockets Layer toolkit - shared libraries
                 This package is part of the OpenSSL project's implementation.

                Package: libc6
                Status: install ok installed
                Source: glibc (2.36-9+deb12u1)
                Version: 2.36-9+deb12u1+b1

                Package: tar
                Status: install ok installed
                Version: 1.34+dfsg-1.2

                Package: oldpkg
                Status: deinstall ok config-files
                Version: 1.0-1
                """;
        List<FoundPackage> pkgs = scan(new LayerBuilder().file("var/lib/dpkg/status", status));
        assertEquals(Set.of("libssl3@3.0.11-1~deb12u2", "libc6@2.36-9+deb12u1+b1", "tar@1.34+dfsg-1.2"), coordinates(pkgs));
        FoundPackage libssl = pkgs.stream().filter(p -> p.name().equals("libssl3")).findFirst().orElseThrow();
        assertEquals("openssl", libssl.sourceName());
        assertNull(libssl.sourceVersion());
        FoundPackage libc = pkgs.stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        assertEquals("glibc", libc.sourceName());
        assertEquals("2.36-9+deb12u1", libc.sourceVersion());
        assertEquals("tar", pkgs.stream().filter(p -> p.name().equals("tar")).findFirst().orElseThrow().sourceName());
        assertTrue(pkgs.stream().allMatch(p -> p.type().equals(FoundPackage.DPKG)));
    }

    @Test
    void distrolessStatusDirectory() throws IOException {
        List<FoundPackage> pkgs = scan(new LayerBuilder()
                .file("var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n")
                .file("var/lib/dpkg/status.d/libssl3", "Package: libssl3\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n")
                .file("var/lib/dpkg/status.d/libssl3.md5sums", "d41d8cd98f00b204e9800998ecf8427e  usr/lib/x\n"));
        assertEquals(Set.of("base-files@12.4+deb12u5", "libssl3@3.0.11-1~deb12u2"), coordinates(pkgs));
    }

    @Test
    void debianAndUbuntuReleases() throws IOException {
        OsRelease debian = os(new LayerBuilder().symlink("etc/os-release", "../usr/lib/os-release")
                .file("usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                        + "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n"));
        assertEquals("Debian:12", debian.ecosystem());
        assertEquals("bookworm", debian.codenameOrGuess());
        OsRelease ubuntu = os(new LayerBuilder().file("etc/os-release", "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\n"));
        assertEquals("Ubuntu:22.04", ubuntu.ecosystem());
        OsRelease trixie = os(new LayerBuilder().file("etc/os-release", "ID=debian\nVERSION_CODENAME=trixie\n"));
        assertEquals("Debian:13", trixie.ecosystem());
    }

    @Test
    void alpineDatabaseAndRelease() throws IOException {
        String installed = """
                C:Q1abc=
                P:busybox
                V:1.36.1-r5
                A:x86_64
                o:busybox
                L:GPL-2.0-only

                C:Q1def=
                P:libcrypto3
                V:3.1.4-r1
                o:openssl

                P:ssl_client
                V:1.36.1-r5
                o:busybox
                """;
        LayerBuilder layer = new LayerBuilder().file("etc/alpine-release", "3.18.4\n")
                .file("etc/os-release", "ID=alpine\nVERSION_ID=3.18.4\n")
                .file("lib/apk/db/installed", installed);
        List<FoundPackage> pkgs = scan(layer);
        assertEquals(Set.of("busybox@1.36.1-r5", "libcrypto3@3.1.4-r1", "ssl_client@1.36.1-r5"), coordinates(pkgs));
        assertEquals("openssl", pkgs.stream().filter(p -> p.name().equals("libcrypto3")).findFirst().orElseThrow().sourceName());
        assertEquals("Alpine:v3.18", os(layer).ecosystem());
    }

    @Test
    void fatJarWarAndEarWithNestedJars() throws IOException {
        byte[] log4j = JarBuilder.mavenJar("org.apache.logging.log4j", "log4j-core", "2.14.1");
        byte[] text = JarBuilder.mavenJar("org.apache.commons", "commons-text", "1.9");
        byte[] bootJar = new JarBuilder().manifest("Manifest-Version: 1.0\r\nMain-Class: org.springframework.boot.loader.JarLauncher\r\n\r\n")
                .pomProperties("com.example", "demo", "0.0.1-SNAPSHOT")
                .nested("BOOT-INF/lib/log4j-core-2.14.1.jar", log4j, true)
                .build();
        byte[] war = new JarBuilder().nested("WEB-INF/lib/commons-text-1.9.jar", text, false).build();
        byte[] ear = new JarBuilder().nested("web.war", war, false).build();
        List<FoundPackage> pkgs = scan(new LayerBuilder().file("app/app.jar", bootJar).file("opt/server/apps/shop.ear", ear));
        assertEquals(Set.of("com.example:demo@0.0.1-SNAPSHOT", "org.apache.logging.log4j:log4j-core@2.14.1",
                "org.apache.commons:commons-text@1.9"), coordinates(pkgs));
        FoundPackage nested = pkgs.stream().filter(p -> p.name().endsWith("log4j-core")).findFirst().orElseThrow();
        assertEquals("app/app.jar!BOOT-INF/lib/log4j-core-2.14.1.jar", nested.location());
        FoundPackage deep = pkgs.stream().filter(p -> p.name().endsWith("commons-text")).findFirst().orElseThrow();
        assertEquals("opt/server/apps/shop.ear!web.war!WEB-INF/lib/commons-text-1.9.jar", deep.location());
    }

    @Test
    void manifestFallbackWhenAJarHasNoMavenMetadata() throws IOException {
        byte[] jar = new JarBuilder().manifest("Manifest-Version: 1.0\r\nImplementation-Title: Jackson-core\r\n"
                + "Implementation-Version: 2.12.1\r\nImplementation-Vendor-Id: com.fasterxml.jackson.core\r\n"
                + "Bundle-SymbolicName: com.fasterxml.jackson.core.jackson-core\r\n\r\n").classFile("X.class").build();
        byte[] bare = new JarBuilder().classFile("Y.class").build();
        List<FoundPackage> pkgs = scan(new LayerBuilder().file("lib/jackson-core-2.12.1.jar", jar).file("lib/bare.jar", bare));
        assertEquals(Set.of("com.fasterxml.jackson.core:jackson-core@2.12.1"), coordinates(pkgs));
        assertEquals(FoundPackage.BY_MANIFEST, pkgs.stream().filter(p -> !p.onlySha1()).findFirst().orElseThrow().identifiedBy());
        FoundPackage bareJar = pkgs.stream().filter(FoundPackage::onlySha1).findFirst().orElseThrow();
        assertEquals("lib/bare.jar", bareJar.location());
        assertEquals(LayerBuilder.sha1(bare), bareJar.sha1(), "kept by its SHA-1 for the index look-up");
    }

    @Test
    void corruptJarDoesNotHideTheRestOfTheLayer() throws IOException {
        List<FoundPackage> pkgs = scan(new LayerBuilder()
                .file("lib/broken.jar", "this is not a zip".getBytes())
                .file("lib/ok.jar", JarBuilder.mavenJar("org.example", "ok", "1.0")));
        assertEquals(Set.of("org.example:ok@1.0"), coordinates(pkgs));
    }

    @Test
    void npmTreeWithScopedAndNestedPackages() throws IOException {
        List<FoundPackage> pkgs = scan(new LayerBuilder()
                .file("app/package.json", "{\"name\":\"my-app\",\"version\":\"1.0.0\"}")
                .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
                .file("app/node_modules/@types/node/package.json", "{\"name\":\"@types/node\",\"version\":\"20.1.0\"}")
                .file("app/node_modules/express/node_modules/qs/package.json", "{\"name\":\"qs\",\"version\":\"6.7.0\"}")
                .file("app/node_modules/lodash/fp/package.json", "{\"main\":\"../fp.js\"}")
                .file("app/node_modules/broken/package.json", "{not json"));
        assertEquals(Set.of("lodash@4.17.15", "@types/node@20.1.0", "qs@6.7.0"), coordinates(pkgs));
    }

    @Test
    void archivesReadThroughTheirCentralDirectoryOrAsAStreamGiveTheSamePackages() throws IOException {
        byte[] log4j = JarBuilder.mavenJar("org.apache.logging.log4j", "log4j-core", "2.14.1");
        byte[] bootJar = new JarBuilder().manifest("Manifest-Version: 1.0\r\nImplementation-Version: 9\r\n\r\n")
                .pomProperties("com.example", "demo", "0.0.1").pomProperties("com.example", "shaded", "2.0")
                .classFile("A.class").nested("BOOT-INF/lib/log4j-core-2.14.1.jar", log4j, true).build();
        JavaArchiveAnalyzer analyzer = new JavaArchiveAnalyzer();
        long tempFilesBefore = tempFiles();
        FileFacts viaFile = analyzer.analyze("app/app.jar", new java.io.ByteArrayInputStream(bootJar), bootJar.length);
        // a declared size above the cap takes the streaming path
        FileFacts viaStream = analyzer.analyze("app/app.jar", new java.io.ByteArrayInputStream(bootJar),
                JavaArchiveAnalyzer.RANDOM_ACCESS_CAP + 1);
        assertEquals(viaStream, viaFile);
        assertEquals(Set.of("com.example:demo@0.0.1", "com.example:shaded@2.0", "org.apache.logging.log4j:log4j-core@2.14.1"),
                coordinates(viaFile.packages()));
        assertEquals(tempFilesBefore, tempFiles(), "temporary copies are deleted");
    }

    /**
     * Central-directory reading: a launch script before the zip (Spring Boot's "fully executable" jars), nested
     * archive names in upper case, and the Maven metadata of a jar that also has one in a sub-folder of META-INF
     * that is not Maven's layout.
     */
    @Test
    void executableJarsUpperCaseNestedNamesAndNonMavenPomProperties() throws IOException {
        byte[] nested = JarBuilder.mavenJar("org.example", "inner", "3.1");
        byte[] jar = new JarBuilder().pomProperties("com.example", "boot", "1.2.3")
                .entry("META-INF/other/pom.properties", "groupId=x\nartifactId=y\nversion=9\n".getBytes(), false)
                .entry("META-INF/maven/a/b/c/pom.properties", "groupId=x\nartifactId=z\nversion=9\n".getBytes(), false)
                .nested("BOOT-INF/lib/INNER-3.1.JAR", nested, true).build();
        byte[] script = "#!/bin/bash\n# launch script\nexec java -jar \"$0\" \"$@\"\nexit 0\n".getBytes();
        byte[] executable = new byte[script.length + jar.length];
        System.arraycopy(script, 0, executable, 0, script.length);
        System.arraycopy(jar, 0, executable, script.length, jar.length);
        JavaArchiveAnalyzer analyzer = new JavaArchiveAnalyzer();
        for (byte[] bytes : List.of(jar, executable)) {
            FileFacts facts = analyzer.analyze("app/app.jar", new ByteArrayInputStream(bytes), bytes.length);
            assertEquals(Set.of("com.example:boot@1.2.3", "org.example:inner@3.1"), coordinates(facts.packages()));
            assertEquals("app/app.jar!BOOT-INF/lib/INNER-3.1.JAR", facts.packages().stream()
                    .filter(p -> p.name().equals("org.example:inner")).findFirst().orElseThrow().location());
        }
    }

    private static long tempFiles() throws IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("wharf-scan-")).count();
        }
    }

    @Test
    void analyzersOnlyClaimTheirOwnPaths() {
        assertFalse(new DpkgStatusAnalyzer().accepts("var/lib/dpkg/status-old"));
        assertFalse(new NpmPackageAnalyzer().accepts("app/node_modules/lodash/fp/package.json"));
        assertTrue(new NpmPackageAnalyzer().accepts("node_modules/@scope/pkg/package.json"));
        assertTrue(new JavaArchiveAnalyzer().accepts("opt/App.WAR"));
        assertTrue(new JavaArchiveAnalyzer().accepts("a.Jar"));
        assertTrue(new JavaArchiveAnalyzer().accepts("lib/x.ear"));
        assertFalse(new JavaArchiveAnalyzer().accepts("jar"));
        assertFalse(new JavaArchiveAnalyzer().accepts("lib/x.jars"));
        assertFalse(new JavaArchiveAnalyzer().accepts("lib/xjar"));
    }

    @Test
    void goBuildInfoModulesWithReplacementsAndGoVersions() {
        GoBuildInfo info = GoBuildInfo.parse("go1.21rc2", String.join("\n",
                "path\texample.com/app/cmd/app",
                "mod\texample.com/app\tv1.4.0\th1:abc=",
                "dep\tgolang.org/x/net\tv0.1.0\th1:def=",
                "=>\tgolang.org/x/net\tv0.7.0\th1:ghi=",
                "dep\tgithub.com/lib/local\tv1.0.0",
                "=>\t../local\t",
                "dep\tgithub.com/golang-jwt/jwt/v4\tv4.4.2\th1:jkl=",
                "build\t-compiler=gc",
                "build\tGOOS=linux", ""));
        assertEquals(List.of(new GoBuildInfo.Module("example.com/app", "v1.4.0"),
                new GoBuildInfo.Module("golang.org/x/net", "v0.7.0"),
                new GoBuildInfo.Module("github.com/golang-jwt/jwt/v4", "v4.4.2")), info.modules());
        assertEquals("v1.21.0-rc.2", info.stdlibVersion());
        assertEquals(List.of(), GoBuildInfo.parse("go1.19.8", "path\tx\nmod\tx\t(devel)\t\n").modules());
        assertEquals("v1.19.8", new GoBuildInfo("go1.19.8", List.of()).stdlibVersion());
        assertEquals("v1.22.0", new GoBuildInfo("go1.22 X:boringcrypto", List.of()).stdlibVersion());
        assertNull(new GoBuildInfo("devel go1.23-abcdef", List.of()).stdlibVersion());
    }

    @Test
    void executablesThatAreNotGoBinariesGiveNothingAndAreNotRecorded() throws IOException {
        byte[] elf = Files.readAllBytes(Path.of("/usr/bin/true")); // a C program
        LayerInventory inv = new LayerReader(Analyzers.defaults()).read("sha256:test", new ByteArrayInputStream(
                new LayerBuilder().executable("usr/bin/true", elf).executable("usr/local/bin/run.sh", "#!/bin/sh\n".getBytes())
                        .executable("usr/local/bin/empty", new byte[0])
                        .executable("usr/local/bin/elf-header-only", Arrays.copyOf(elf, 100))
                        .build(Compression.GZIP)));
        assertEquals(Map.of(), inv.files());
    }
}
