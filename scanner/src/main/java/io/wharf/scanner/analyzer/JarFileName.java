package io.wharf.scanner.analyzer;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a Java archive's file name says, when it follows Maven's {@code artifactId-version[-classifier].jar}
 * (as Maven, Gradle and Spring Boot's repackager name the jars they copy): {@code spring-beans-5.3.17.jar},
 * {@code spring-core-5.2.20.RELEASE.jar}, {@code app-1.0-SNAPSHOT.jar}, {@code guava-31.1-jre.jar},
 * {@code netty-transport-native-epoll-4.1.86.Final-linux-x86_64.jar} (classifier dropped).
 *
 * @param artifactId the name before the version
 * @param version    the version, qualifiers such as {@code -SNAPSHOT}, {@code -jre} or {@code -rc1} included
 */
public record JarFileName(String artifactId, String version) {
    /** Where the version starts: the first {@code -} followed by a digit. */
    private static final Pattern VERSION_START = Pattern.compile("-(?=\\d)");
    /**
     * Tokens after the first one that still belong to the version: numbers (timestamped snapshots, {@code alpha-2}),
     * and the usual qualifiers. Anything else ({@code sources}, {@code linux}, {@code x86_64}, {@code all}) starts
     * the classifier.
     */
    private static final Pattern VERSION_TOKEN = Pattern.compile(
            "\\d.*|snapshot|release|final|ga|jre|android|incubating|(alpha|beta|rc|cr|m|milestone|ea|preview|b)\\d*");

    /** The archive's file name without its folder or its {@code .jar}/{@code .war}/{@code .ear} extension. */
    static String stem(String location) {
        String fileName = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf('!')) + 1);
        return fileName.replaceFirst("(?i)\\.(jar|war|ear)$", "");
    }

    /** The artifactId and version in a file name stem, or null when it has no {@code -<digit>}. */
    public static JarFileName parse(String stem) {
        var m = VERSION_START.matcher(stem);
        if (!m.find() || m.start() == 0) {
            return null;
        }
        String artifact = stem.substring(0, m.start());
        String[] tokens = stem.substring(m.end()).split("-");
        StringBuilder version = new StringBuilder(tokens[0]);
        for (int i = 1; i < tokens.length && VERSION_TOKEN.matcher(tokens[i].toLowerCase(Locale.ROOT)).matches(); i++) {
            version.append('-').append(tokens[i]);
        }
        return new JarFileName(artifact, version.toString());
    }
}
