package io.wharf.scanner.analyzer;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/**
 * Java archives ({@code .jar}, {@code .war}, {@code .ear}) and the archives nested in them (fat jars'
 * {@code BOOT-INF/lib}, {@code WEB-INF/lib}, ear modules). A top-level archive up to {@value #RANDOM_ACCESS_CAP}
 * bytes is copied to a temporary file and read through its central directory (only the entries that matter are
 * inflated); a larger one is read as a stream. A nested jar is read straight from its parent's stream, never
 * unpacked or buffered. Coordinates come from every
 * {@code META-INF/maven/<group>/<artifact>/pom.properties} (shaded jars carry several); when an archive has none,
 * from its manifest and file name, with {@link KnownArtifacts} for groupIds, and such an archive also carries its
 * SHA-1 (worked out from the temporary copy when it has none, digested as it passes when streamed),
 * which the scan looks up in the SHA-1 index: a hit there wins.
 */
public final class JavaArchiveAnalyzer implements Analyzer {
    private static final Logger LOG = Logger.getLogger(JavaArchiveAnalyzer.class.getName());
    /** What an Implementation-Title must look like to be taken for an artifactId. */
    private static final Pattern ARTIFACT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");
    private static final String MAVEN_DIR = "META-INF/maven/";
    private static final String POM_FILE = "/pom.properties";
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final int MAX_DEPTH = 5;
    private static final int METADATA_CAP = 256 * 1024;
    /**
     * Largest top-level archive read through a temporary copy and its central directory; larger ones are streamed,
     * so neither memory nor temporary disk grows with the size of what an image holds.
     */
    static final long RANDOM_ACCESS_CAP = 64L << 20;

    @Override
    public boolean accepts(String path) {
        return isArchive(path);
    }

    /** Called for every file of a layer and every entry of an archive, hence no lower-cased copy of the name. */
    static boolean isArchive(String name) {
        int dot = name.length() - 4;
        return dot >= 0 && name.charAt(dot) == '.' && (name.regionMatches(true, dot + 1, "jar", 0, 3)
                || name.regionMatches(true, dot + 1, "war", 0, 3) || name.regionMatches(true, dot + 1, "ear", 0, 3));
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        List<FoundPackage> found = new ArrayList<>();
        if (size > 0 && size <= RANDOM_ACCESS_CAP) {
            readViaTemporaryFile(content, path, found);
        } else {
            readArchive(content, path, 0, found, null);
        }
        return FileFacts.of(dedupe(found));
    }

    /**
     * A top-level archive up to {@link #RANDOM_ACCESS_CAP}: copied to a temporary file (deleted afterwards) and read
     * through its central directory, so only the manifest, pom.properties and nested archives are inflated, not
     * every class file as a stream must. Nested archives are then streamed as before. An archive without a readable
     * central directory is streamed from the copy, as it would have been from the layer.
     *
     * <p>The central directory is read with the JDK's {@link ZipFile}, not Commons Compress': the JDK's keeps the
     * directory as bytes and builds an entry only when asked, and its code is already loaded and compiled (the JVM
     * reads its own class path with it), whereas building every entry (DOS time through a calendar, extra fields)
     * of ten ordinary jars cost a fresh JVM about a CPU-second.
     */
    private void readViaTemporaryFile(InputStream content, String location, List<FoundPackage> out) throws IOException {
        Path tmp = Files.createTempFile("wharf-scan-", ".zip");
        try {
            try (OutputStream copy = Files.newOutputStream(tmp)) {
                content.transferTo(copy);
            }
            ZipFile zip;
            try {
                zip = new ZipFile(tmp.toFile(), ZipFile.OPEN_READ, StandardCharsets.UTF_8);
            } catch (IOException | IllegalArgumentException notRandomAccessible) {
                // no central directory, or one the JDK rejects (e.g. a name that is not UTF-8): stream it
                try (InputStream in = Files.newInputStream(tmp)) {
                    readArchive(in, location, 0, out, () -> sha1Of(tmp));
                }
                return;
            }
            List<Properties> poms = new ArrayList<>();
            Manifest manifest;
            try (zip) {
                manifest = readEntries(zip, location, poms, out);
            }
            // Only an archive without pom.properties needs its SHA-1: a fat jar's bytes, which hold its nested jars,
            // are then not digested on top of those (the copy was just written, so this reads the page cache).
            addCoordinates(poms, manifest, location, poms.isEmpty() ? sha1Of(tmp) : null, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * {@link #readEntries(ZipArchiveInputStream, String, int, List, List)} over a central directory, in its order.
     * Entries are only inflated when their name is wanted; only stored and deflated entries are read (what the JDK
     * can inflate, and what jars use).
     */
    private Manifest readEntries(ZipFile zip, String location, List<Properties> poms, List<FoundPackage> out)
            throws IOException {
        Manifest manifest = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            boolean pom = isPomProperties(name);
            boolean mf = !pom && name.equalsIgnoreCase(MANIFEST);
            boolean nested = !pom && !mf && isArchive(name);
            if (!pom && !mf && !nested || entry.isDirectory()
                    || entry.getMethod() != ZipEntry.STORED && entry.getMethod() != ZipEntry.DEFLATED) {
                continue;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                if (pom) {
                    byte[] bytes = SmallFile.read(in, entry.getSize(), METADATA_CAP);
                    if (bytes != null) {
                        Properties p = new Properties();
                        p.load(new ByteArrayInputStream(bytes));
                        poms.add(p);
                    }
                } else if (mf) {
                    byte[] bytes = SmallFile.read(in, entry.getSize(), METADATA_CAP);
                    if (bytes != null) {
                        manifest = new Manifest(new ByteArrayInputStream(bytes));
                    }
                } else if (MAX_DEPTH > 0) {
                    // its SHA-1, when needed, from the copy afterwards: a jar with pom.properties is then skipped
                    // through, not digested (about as costly as reading a layer's jars as a whole)
                    readNested(in, location + "!" + name, 1, out, () -> sha1Of(zip, entry));
                }
            }
        }
        return manifest;
    }

    /** {@code META-INF/maven/<group>/<artifact>/pom.properties}; the cheap checks first, most names fail them. */
    private static boolean isPomProperties(String name) {
        return name.startsWith(MAVEN_DIR) && name.endsWith(POM_FILE) && POM_PROPERTIES.matcher(name).matches();
    }

    private void readNested(InputStream in, String nested, int depth, List<FoundPackage> out, Sha1Later sha1Later) {
        try {
            readArchive(in, nested, depth, out, sha1Later);
        } catch (IOException | RuntimeException e) {
            // One unreadable nested jar must not hide the rest of the archive.
            LOG.log(Level.WARNING, "cannot read nested archive {0}: {1}", new Object[] {nested, e.getMessage()});
        }
    }

    /**
     * Streams one archive. Its SHA-1 is digested as it passes, unless {@code sha1Later} can work it out afterwards
     * (an entry of a central directory read again), which is then asked only when there is no pom.properties.
     */
    private void readArchive(InputStream in, String location, int depth, List<FoundPackage> out, Sha1Later sha1Later)
            throws IOException {
        List<Properties> poms = new ArrayList<>();
        Manifest manifest = null;
        MessageDigest sha1 = sha1Later == null ? newSha1() : null;
        InputStream source = new NonClosing(in);
        DigestInputStream digesting = sha1 == null ? null : new DigestInputStream(source, sha1);
        // allowStoredEntriesWithDataDescriptor: some build tools write nested jars STORED with a data descriptor.
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(digesting == null ? source : digesting,
                StandardCharsets.UTF_8.name(), true, true)) {
            manifest = readEntries(zip, location, depth, poms, out);
            if (digesting != null) {
                // The zip reader stops at the central directory; the SHA-1 is of the whole archive.
                digesting.transferTo(OutputStream.nullOutputStream());
            }
        }
        String hex = !poms.isEmpty() ? null : sha1 != null ? HexFormat.of().formatHex(sha1.digest()) : sha1Later.sha1();
        addCoordinates(poms, manifest, location, hex, out);
    }

    /** Works out an archive's SHA-1 once it turns out to be needed. */
    private interface Sha1Later {
        String sha1() throws IOException;
    }

    private static String sha1Of(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return sha1Of(in);
        }
    }

    /** Walks one archive's entries; returns its manifest, collects its pom.properties and recurses into nested archives. */
    private Manifest readEntries(ZipArchiveInputStream zip, String location, int depth, List<Properties> poms,
                                 List<FoundPackage> out) throws IOException {
        Manifest manifest = null;
        ZipArchiveEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            if (entry.isDirectory() || !zip.canReadEntryData(entry)) {
                continue;
            }
            String name = entry.getName();
            if (isPomProperties(name)) {
                byte[] bytes = SmallFile.read(zip, entry.getSize(), METADATA_CAP);
                if (bytes != null) {
                    Properties p = new Properties();
                    p.load(new ByteArrayInputStream(bytes));
                    poms.add(p);
                }
            } else if (name.equalsIgnoreCase(MANIFEST)) {
                byte[] bytes = SmallFile.read(zip, entry.getSize(), METADATA_CAP);
                if (bytes != null) {
                    manifest = new Manifest(new ByteArrayInputStream(bytes));
                }
            } else if (isArchive(name) && depth < MAX_DEPTH) {
                readNested(zip, location + "!" + name, depth + 1, out, null);
            }
        }
        return manifest;
    }

    private static void addCoordinates(List<Properties> poms, Manifest manifest, String location, String sha1,
                                       List<FoundPackage> out) {
        if (!poms.isEmpty()) {
            for (Properties p : poms) {
                String group = trimToNull(p.getProperty("groupId"));
                String artifact = trimToNull(p.getProperty("artifactId"));
                String version = trimToNull(p.getProperty("version"));
                if (group != null && artifact != null && version != null && !version.contains("${")) {
                    out.add(new FoundPackage(group + ":" + artifact, version, FoundPackage.MAVEN, null, null, location,
                            FoundPackage.BY_POM_PROPERTIES, null));
                }
            }
        } else {
            out.add(identify(manifest == null ? new Attributes() : manifest.getMainAttributes(), location, sha1));
        }
    }

    /**
     * A jar built without Maven metadata, from its manifest and file name; the scan's SHA-1 look-up may still
     * replace this. The version is Implementation-Version or Bundle-Version, else the file name's. The artifactId
     * is the file name minus its version and classifier (manifests carry titles, not artifactIds), else an
     * Implementation-Title that is a {@linkplain KnownArtifacts known artifactId} ({@code spring-beans}), else the
     * last segment of Bundle-SymbolicName. The groupId is Implementation-Vendor-Id, else the known-artifacts
     * table's, else Bundle-SymbolicName without its last segment. When one of the three stays unknown, the
     * archive is known by its SHA-1 only (empty name and version).
     */
    static FoundPackage identify(Attributes attrs, String location, String sha1) {
        String stem = JarFileName.stem(location);
        JarFileName fromName = JarFileName.parse(stem);
        String version = first(attrs, "Implementation-Version", "Bundle-Version");
        String identifiedBy = FoundPackage.BY_MANIFEST;
        if (version == null && fromName != null) {
            version = fromName.version();
            identifiedBy = FoundPackage.BY_FILE_NAME;
        }
        String symbolic = first(attrs, "Bundle-SymbolicName");
        if (symbolic != null) {
            symbolic = symbolic.split(";")[0].trim();
        }
        String title = first(attrs, "Implementation-Title");
        KnownArtifacts known = KnownArtifacts.defaults();
        String artifact = null;
        if (version != null && stem.endsWith("-" + version)) {
            artifact = stem.substring(0, stem.length() - version.length() - 1);
        } else if (fromName != null) {
            artifact = fromName.artifactId();
        } else if (title != null && ARTIFACT_ID.matcher(title).matches() && known.groupOf(title) != null) {
            artifact = title;
        } else if (symbolic != null) {
            artifact = symbolic.substring(symbolic.lastIndexOf('.') + 1);
        }
        String group = first(attrs, "Implementation-Vendor-Id");
        if (group == null && artifact != null && !artifact.isEmpty()) {
            group = known.groupOf(artifact);
        }
        if (group == null && symbolic != null && symbolic.lastIndexOf('.') > 0) {
            group = symbolic.substring(0, symbolic.lastIndexOf('.'));
        }
        if (version == null || artifact == null || artifact.isEmpty() || group == null) {
            return new FoundPackage("", "", FoundPackage.MAVEN, null, null, location, null, sha1);
        }
        return new FoundPackage(group + ":" + artifact, version, FoundPackage.MAVEN, null, null, location,
                identifiedBy, sha1);
    }

    private static String sha1Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha1Of(in);
        }
    }

    private static String sha1Of(InputStream in) throws IOException {
        MessageDigest sha1 = newSha1();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha1.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private static String first(Attributes attrs, String... names) {
        for (String n : names) {
            String v = trimToNull(attrs.getValue(n));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static List<FoundPackage> dedupe(List<FoundPackage> found) {
        Map<String, FoundPackage> unique = new LinkedHashMap<>();
        for (FoundPackage p : found) {
            unique.putIfAbsent(p.name() + "@" + p.version() + "@" + p.location(), p);
        }
        return new ArrayList<>(unique.values());
    }

    /** Lets a nested reader be dropped without closing the parent stream it reads from. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the parent archive stays open
        }
    }
}
