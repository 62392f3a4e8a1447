package io.wharf.scanner.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Real jars from Maven Central, copied by the build (the scanner pom's {@code copy-test-jars} execution) to
 * {@code target/test-jars}; never committed. Spring's jars carry no {@code pom.properties}.
 */
public final class MavenCentralJars {
    /** The SHA-1 Maven Central publishes for spring-beans 5.3.17 ({@code spring-beans-5.3.17.jar.sha1}). */
    public static final String SPRING_BEANS_5_3_17_SHA1 = "3d9c415cb47c96a81b1267665f513e4676af53b4";

    private MavenCentralJars() {
    }

    public static byte[] springBeans(String version) {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "test-jars", "spring-beans-" + version + ".jar");
        try {
            return Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("run the tests through Maven, which copies " + jar, e);
        }
    }

    /** A copy of a jar without its manifest: nothing in it names the artifact any more. */
    public static byte[] withoutManifest(byte[] jar) {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Spring Boot executable jar: the application's classes and metadata, libraries stored under BOOT-INF/lib. */
    public static byte[] springBootFatJar(String libName, byte[] lib) {
        return new JarBuilder()
                .manifest("Manifest-Version: 1.0\r\nMain-Class: org.springframework.boot.loader.JarLauncher\r\n"
                        + "Start-Class: com.example.demo.DemoApplication\r\nSpring-Boot-Version: 2.6.5\r\n"
                        + "Spring-Boot-Classes: BOOT-INF/classes/\r\nSpring-Boot-Lib: BOOT-INF/lib/\r\n\r\n")
                .pomProperties("com.example", "demo", "0.0.1-SNAPSHOT")
                .classFile("BOOT-INF/classes/com/example/demo/DemoApplication.class")
                .nested("BOOT-INF/lib/" + libName, lib, true)
                .build();
    }
}
