package io.wharf.scanner.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.support.JarBuilder;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.MavenCentralJars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How a jar without pom.properties is identified: file name, manifest, known-artifacts table, SHA-1. */
class JarIdentificationTest {

    /** Names as Maven, Gradle and Spring Boot's repackager write them (real artifacts' file names). */
    @ParameterizedTest
    @CsvSource({
            "spring-beans-5.3.17,                                   spring-beans,                  5.3.17",
            "spring-core-5.2.20.RELEASE,                            spring-core,                   5.2.20.RELEASE",
            "demo-0.0.1-SNAPSHOT,                                   demo,                          0.0.1-SNAPSHOT",
            "guava-31.1-jre,                                        guava,                         31.1-jre",
            "netty-transport-native-epoll-4.1.86.Final-linux-x86_64, netty-transport-native-epoll, 4.1.86.Final",
            "log4j-core-2.14.1,                                     log4j-core,                    2.14.1",
            "jackson-databind-2.13.2.1,                             jackson-databind,              2.13.2.1",
            "commons-text-1.9-sources,                              commons-text,                  1.9",
            "groovy-4.0.0-alpha-2,                                  groovy,                        4.0.0-alpha-2",
            "slf4j-api-2.0.0-beta1,                                 slf4j-api,                     2.0.0-beta1",
            "app-1.0-20240101.123456-3,                             app,                           1.0-20240101.123456-3",
            "bcprov-jdk15on-1.70,                                   bcprov-jdk15on,                1.70"})
    void fileNamesGiveArtifactIdAndVersion(String stem, String artifactId, String version) {
        assertEquals(new JarFileName(artifactId, version), JarFileName.parse(stem));
    }

    @Test
    void fileNamesWithoutAVersionGiveNothing() {
        assertNull(JarFileName.parse("app"));
        assertNull(JarFileName.parse("spring-beans"));
        assertNull(JarFileName.parse("-1.0"));
    }

    @Test
    void knownArtifactsPreferTheExactNameThenTheLongestPrefix() {
        KnownArtifacts known = KnownArtifacts.defaults();
        assertEquals("org.springframework", known.groupOf("spring-beans"));
        assertEquals("org.springframework", known.groupOf("spring-webmvc"));
        assertEquals("org.springframework.boot", known.groupOf("spring-boot"));
        assertEquals("org.springframework.boot", known.groupOf("spring-boot-autoconfigure"));
        assertEquals("org.springframework.security", known.groupOf("spring-security-web"));
        assertEquals("org.apache.tomcat.embed", known.groupOf("tomcat-embed-core"));
        assertEquals("org.apache.logging.log4j", known.groupOf("log4j-core"));
        assertEquals("log4j", known.groupOf("log4j"));
        assertEquals("org.slf4j", known.groupOf("log4j-over-slf4j"));
        assertEquals("com.fasterxml.jackson.core", known.groupOf("jackson-databind"));
        assertEquals("io.netty", known.groupOf("netty-codec-http"));
        assertNull(known.groupOf("my-own-library"));
    }

    private static FoundPackage identify(String manifest, String location) throws IOException {
        Attributes attrs = new Manifest(new ByteArrayInputStream(manifest.getBytes())).getMainAttributes();
        return JavaArchiveAnalyzer.identify(attrs, location, "0".repeat(40));
    }

    @Test
    void manifestAndFileNameWithTheKnownArtifactsTable() throws IOException {
        // Spring's manifests: Implementation-Title and -Version, no vendor id
        String spring = "Manifest-Version: 1.0\r\nImplementation-Title: spring-beans\r\nImplementation-Version: 5.3.17\r\n\r\n";
        FoundPackage named = identify(spring, "app.jar!BOOT-INF/lib/spring-beans-5.3.17.jar");
        assertEquals("org.springframework:spring-beans@5.3.17/manifest", named.name() + "@" + named.version() + "/" + named.identifiedBy());
        // renamed: the title, a known artifactId, stands in for the file name
        FoundPackage renamed = identify(spring, "lib/beans.jar");
        assertEquals("org.springframework:spring-beans@5.3.17", renamed.name() + "@" + renamed.version());
        // Tomcat's Bundle-SymbolicName would give org.apache: the table knows better
        FoundPackage tomcat = identify("Manifest-Version: 1.0\r\nImplementation-Title: Apache Tomcat\r\n"
                + "Implementation-Version: 9.0.60\r\nBundle-SymbolicName: org.apache.tomcat-embed-core\r\n\r\n",
                "BOOT-INF/lib/tomcat-embed-core-9.0.60.jar");
        assertEquals("org.apache.tomcat.embed:tomcat-embed-core@9.0.60", tomcat.name() + "@" + tomcat.version());
        // no version in the manifest: the file name's, said so
        FoundPackage byName = identify("Manifest-Version: 1.0\r\n\r\n", "WEB-INF/lib/spring-core-5.2.19.RELEASE.jar");
        assertEquals("org.springframework:spring-core@5.2.19.RELEASE/file-name",
                byName.name() + "@" + byName.version() + "/" + byName.identifiedBy());
        // nothing known: the SHA-1 only
        FoundPackage unknown = identify("Manifest-Version: 1.0\r\n\r\n", "lib/my-own-library-1.0.jar");
        assertTrue(unknown.onlySha1());
        assertEquals("0".repeat(40), unknown.sha1());
    }

    /** The analyzer's SHA-1 is the archive's, whether read from a temporary copy, as a stream, or nested. */
    @Test
    void theSha1IsTheArchivesOwnOnEveryReadingPath() throws IOException {
        byte[] beans = MavenCentralJars.springBeans("5.3.17");
        JavaArchiveAnalyzer analyzer = new JavaArchiveAnalyzer();
        FileFacts viaFile = analyzer.analyze("lib/spring-beans-5.3.17.jar", new ByteArrayInputStream(beans), beans.length);
        FileFacts viaStream = analyzer.analyze("lib/spring-beans-5.3.17.jar", new ByteArrayInputStream(beans), -1);
        byte[] fat = MavenCentralJars.springBootFatJar("spring-beans-5.3.17.jar", beans);
        FileFacts nested = analyzer.analyze("app.jar", new ByteArrayInputStream(fat), fat.length);
        for (FileFacts facts : List.of(viaFile, viaStream, nested)) {
            FoundPackage p = facts.packages().stream().filter(f -> f.name().endsWith("spring-beans")).findFirst().orElseThrow();
            assertEquals(MavenCentralJars.SPRING_BEANS_5_3_17_SHA1, p.sha1());
        }
        // a jar with pom.properties needs no SHA-1
        FoundPackage app = nested.packages().stream().filter(f -> f.name().equals("com.example:demo")).findFirst().orElseThrow();
        assertEquals(FoundPackage.BY_POM_PROPERTIES, app.identifiedBy());
        assertNull(app.sha1());
        // deflated rather than stored in its parent
        byte[] deflated = new JarBuilder().nested("WEB-INF/lib/x.jar", beans, false).build();
        FoundPackage inWar = analyzer.analyze("app.war", new ByteArrayInputStream(deflated), deflated.length).packages()
                .stream().filter(f -> f.location().endsWith("x.jar")).findFirst().orElseThrow();
        assertEquals(LayerBuilder.sha1(beans), inWar.sha1());
        assertEquals("org.springframework:spring-beans", inWar.name(), "Implementation-Title names it");
        // two levels down (ear, war, jar): digested from the war's stream
        byte[] ear = new JarBuilder().nested("shop.war", deflated, false).build();
        FoundPackage inEar = analyzer.analyze("shop.ear", new ByteArrayInputStream(ear), ear.length).packages()
                .stream().filter(f -> f.location().equals("shop.ear!shop.war!WEB-INF/lib/x.jar")).findFirst().orElseThrow();
        assertEquals(MavenCentralJars.SPRING_BEANS_5_3_17_SHA1, inEar.sha1());
    }
}
