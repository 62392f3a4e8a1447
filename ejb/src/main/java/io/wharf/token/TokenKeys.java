package io.wharf.token;

import io.wharf.config.WharfConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The token signing key, its certificate and the certificates trusted beside it. The registry trusts
 * the same certificates (its {@code rootcertbundle}); bin/wharf up generates the key once per
 * installation and {@code bin/wharf rotate-token-key} replaces it.
 *
 * <p>A rotation replaces the files under running servers, which take the new key without a restart:
 * the files are looked at again at most once per {@link #CHECK_INTERVAL_MS} (a stat of three files; a
 * grant is signed at most once per 2 s anyway). Until the new files read as a key and its own
 * certificate, the previous set stays in use, so a file caught half written never fails a token request.
 */
@ApplicationScoped
public class TokenKeys {
    private static final Logger LOG = Logger.getLogger(TokenKeys.class.getName());
    static final long CHECK_INTERVAL_MS = 1000;
    /** Where bin/wharf keeps the trusted certificates when wharf.token.bundle names no other place. */
    static final String BUNDLE_BESIDE_CERT = "token-bundle.crt";

    @Inject WharfConfig config;
    Clock clock = Clock.systemUTC();

    private volatile TokenKeySet current;
    private volatile FileStates loadedFrom;
    private FileStates warnedAbout;
    private final AtomicLong nextCheck = new AtomicLong();

    @PostConstruct
    void load() {
        // At start an unreadable key is fatal: a server that cannot sign would refuse every client.
        FileStates states = FileStates.of(files());
        try {
            current = read();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the token signing key or certificate ("
                    + config.tokenKeyPath() + ", " + config.tokenCertPath() + "): " + e.getMessage(), e);
        }
        loadedFrom = states;
        nextCheck.set(clock.millis() + CHECK_INTERVAL_MS);
    }

    /** The keys to sign and verify with now; one snapshot per token, so a token's key and kid always agree. */
    public TokenKeySet current() {
        long now = clock.millis();
        long due = nextCheck.get();
        // One request thread per interval looks at the files; the others go on with the keys they have.
        if (now >= due && nextCheck.compareAndSet(due, now + CHECK_INTERVAL_MS)) reloadIfChanged();
        return current;
    }

    public String keyId() { return current().keyId(); }

    synchronized void reloadIfChanged() {
        FileStates states = FileStates.of(files());
        if (states.equals(loadedFrom)) return;
        try {
            TokenKeySet next = read();
            current = next;
            loadedFrom = states;
            warnedAbout = null;
            LOG.info(() -> "Token signing key " + next.keyId() + " now in use; " + next.trusted().size()
                    + " key(s) trusted for verification");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // Once per state of the files, not every second, and with no key material in it.
            if (!states.equals(warnedAbout)) {
                warnedAbout = states;
                LOG.log(Level.WARNING, "The token signing files changed but cannot be used (" + e.getMessage()
                        + "); tokens are still signed with key " + current.keyId() + " until they can");
            }
        }
    }

    private TokenKeySet read() throws IOException, GeneralSecurityException {
        List<X509Certificate> bundle = new ArrayList<>();
        Path bundlePath = bundlePath();
        if (Files.exists(bundlePath)) bundle = TokenKeyFiles.readCertificates(bundlePath);
        return TokenKeySet.of(TokenKeyFiles.readPrivateKey(Path.of(config.tokenKeyPath())),
                TokenKeyFiles.readCertificate(Path.of(config.tokenCertPath())), bundle);
    }

    private Path bundlePath() {
        Optional<String> configured = config.tokenBundlePath();
        return configured.map(Path::of).orElseGet(() -> Path.of(config.tokenCertPath()).resolveSibling(BUNDLE_BESIDE_CERT));
    }

    private List<Path> files() {
        return List.of(Path.of(config.tokenKeyPath()), Path.of(config.tokenCertPath()), bundlePath());
    }

    /**
     * What the files looked like: modification time, size and inode. A rotation moves new files into
     * place, which changes the inode even within the file system's time resolution; Kubernetes swaps a
     * Secret volume's symbolic links, which are followed.
     */
    record FileStates(List<List<Object>> states) {
        static FileStates of(List<Path> paths) {
            List<List<Object>> states = new ArrayList<>();
            for (Path p : paths) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    states.add(List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey())));
                } catch (NoSuchFileException e) {
                    states.add(List.of("absent"));
                } catch (IOException e) {
                    states.add(List.of("unreadable", String.valueOf(e.getMessage())));
                }
            }
            return new FileStates(List.copyOf(states));
        }
    }
}
