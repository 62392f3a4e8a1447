package io.wharf.scanner.analyzer;

import io.wharf.scanner.rpmdb.RpmDatabase;
import io.wharf.scanner.rpmdb.RpmHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Installed rpm packages from rpm's package database, in any of its three formats: SQLite ({@code rpmdb.sqlite},
 * RHEL/UBI 9, Fedora, Rocky/AlmaLinux 9), Berkeley DB hash ({@code Packages}: UBI 8, CentOS 7, Amazon Linux 2)
 * and ndb ({@code Packages.db}: SUSE). The databases need random access, so the file is copied to a temporary
 * file (at most {@value #COPY_CAP_MIB} MiB; deleted right after) and read there; only one header is held at a
 * time besides the fields kept. The version is rpm's {@code [epoch:]version-release}, the source package comes
 * from SOURCERPM, and the architecture and module (MODULARITYLABEL) are kept as attributes.
 */
public final class RpmDbAnalyzer implements Analyzer {
    private static final Logger LOG = Logger.getLogger(RpmDbAnalyzer.class.getName());
    static final int COPY_CAP_MIB = 512;
    private static final long COPY_CAP = (long) COPY_CAP_MIB << 20;
    private static final Set<String> PATHS = Set.of(
            "var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite",
            "var/lib/rpm/Packages", "usr/lib/sysimage/rpm/Packages",
            "var/lib/rpm/Packages.db", "usr/lib/sysimage/rpm/Packages.db");

    @Override
    public boolean accepts(String path) {
        return PATHS.contains(path);
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        if (size > COPY_CAP) {
            LOG.log(Level.WARNING, "skipped {0}: {1} bytes is more than the {2} MiB an rpm database may have",
                    new Object[] {path, size, COPY_CAP_MIB});
            return FileFacts.NOTHING;
        }
        Path tmp = Files.createTempFile("wharf-rpmdb-", ".db");
        try {
            try (OutputStream copy = Files.newOutputStream(tmp)) {
                if (!copyAtMost(content, copy, COPY_CAP)) {
                    LOG.log(Level.WARNING, "skipped {0}: larger than {1} MiB", new Object[] {path, COPY_CAP_MIB});
                    return FileFacts.NOTHING;
                }
            }
            RpmDatabase.Contents db = RpmDatabase.read(tmp);
            if (db.skipped() > 0) {
                LOG.log(Level.WARNING, "{0}: {1} package headers could not be read", new Object[] {path, db.skipped()});
            }
            List<FoundPackage> packages = new ArrayList<>();
            for (RpmHeader h : db.packages()) {
                if (h.name().equals("gpg-pubkey")) {
                    continue; // imported signing keys are stored as pseudo-packages
                }
                packages.add(toPackage(h, path));
            }
            return FileFacts.of(packages);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static FoundPackage toPackage(RpmHeader h, String path) {
        String version = h.evr();
        String sourceName = h.sourceName();
        String sourceVersion = null;
        if (h.sourceVersionRelease() != null) {
            // the source rpm's file name has no epoch; its binaries carry the source's epoch
            String source = (h.epoch() != null ? h.epoch() + ":" : "") + h.sourceVersionRelease();
            sourceVersion = source.equals(version) ? null : source;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (h.arch() != null) {
            attributes.put(FoundPackage.ARCH, h.arch());
        }
        if (h.modularityLabel() != null && !h.modularityLabel().isEmpty()) {
            attributes.put(FoundPackage.MODULARITY_LABEL, h.modularityLabel());
        }
        return new FoundPackage(h.name(), version, FoundPackage.RPM, sourceName, sourceVersion, path, attributes);
    }

    /** Copies the stream; false (and the rest left unread) when it is longer than {@code cap}. */
    private static boolean copyAtMost(InputStream in, OutputStream out, long cap) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > cap) {
                return false;
            }
            out.write(buf, 0, n);
        }
        return true;
    }
}
