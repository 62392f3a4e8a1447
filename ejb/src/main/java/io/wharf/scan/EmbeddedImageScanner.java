package io.wharf.scan;

import io.wharf.registry.RegistryUpstream;
import io.wharf.registry.UpstreamAnswer;
import io.wharf.scan.spi.ImageScanner;
import io.wharf.scan.spi.ScanContext;
import io.wharf.scan.spi.ScanFailedException;
import io.wharf.scan.spi.ScanOutcome;
import io.wharf.scan.spi.ScanTarget;
import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.DatabaseState;
import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.ScannerException;
import io.wharf.scanner.VulnDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The default scanner: Wharf's own engine, in this process, on the application's database. Layers
 * stream from the registry straight into the layer reader; a layer seen before is not read again.
 */
@ApplicationScoped
public class EmbeddedImageScanner implements ImageScanner {
    public static final ScannerInfo INFO = new ScannerInfo("Wharf", "Wharf", "embedded-1.0");

    @Resource(lookup = "jdbc/wharf")
    DataSource dataSource;

    /** The registry's pooled client, the gateway's: layers are read as the gateway relays blobs. */
    @Inject RegistryUpstream registry;

    /** The error of a scan that has no data to match against. */
    public static final String EMPTY_DATABASE = "vulnerability database is empty: run bin/wharf vulndb update"
            + " (or import an archive with bin/wharf vulndb import) before scanning";

    private VulnDatabase database;
    private EmbeddedScanner scanner;

    @PostConstruct
    void init() {
        database = new VulnDatabase(dataSource);
        scanner = new EmbeddedScanner(database);
    }

    @Override public String type() { return "embedded"; }
    @Override public ScannerInfo info() { return INFO; }

    @Override
    public ScanOutcome scan(ScanTarget target, ScanContext context) throws ScanFailedException {
        Map<String, String> urls = new HashMap<>();
        List<LayerRef> layers = target.layers().stream().map(l -> {
            urls.put(l.digest(), l.url());
            return new LayerRef(l.digest(), l.mediaType(), l.size());
        }).toList();
        if (database.state().empty()) {
            // Matching against nothing would report "no vulnerabilities": say what is true instead.
            throw new ScanFailedException(EMPTY_DATABASE);
        }
        try {
            ScanReport report = scanner.scan(layers, layer -> open(urls.get(layer.digest()), layer.digest(), target.authorization(), context));
            context.log().accept("found " + report.packages().size() + " packages" + (report.osRelease() == null ? ""
                    : " on " + report.osRelease()) + " and " + report.findings().size() + " vulnerabilities");
            return new ScanOutcome(INFO, report.findings(), report.dataGeneration(), report.dataUpdatedAt());
        } catch (IOException e) {
            throw new ScanFailedException(e.getMessage(), e);
        } catch (ScannerException e) {
            throw new ScanFailedException(e.getMessage(), e);
        }
    }

    /**
     * The image's packages (an SBOM's inventory): layers read as a scan reads them, or taken from
     * the layer cache when they were read before. Unlike {@link #scan} it works on an empty
     * vulnerability database, since no finding is wanted.
     */
    public ScanReport inventory(ScanTarget target, ScanContext context) throws ScanFailedException {
        Map<String, String> urls = new HashMap<>();
        List<LayerRef> layers = target.layers().stream().map(l -> {
            urls.put(l.digest(), l.url());
            return new LayerRef(l.digest(), l.mediaType(), l.size());
        }).toList();
        try {
            return scanner.scan(layers, layer -> open(urls.get(layer.digest()), layer.digest(), target.authorization(), context));
        } catch (IOException | ScannerException e) {
            throw new ScanFailedException(e.getMessage(), e);
        }
    }

    /**
     * The findings of an image whose layers were all scanned before, matched again against the
     * current data from their stored inventories; empty when a layer's inventory is not stored
     * (that image needs a real scan). No blob is read.
     */
    public Optional<ScanReport> rematch(List<ManifestLayers.Layer> layers) {
        return scanner.rematch(layers.stream().map(l -> new LayerRef(l.digest(), l.mediaType(), l.size())).toList());
    }

    public DatabaseState dataState() {
        return database.state();
    }

    private InputStream open(String url, String digest, String authorization, ScanContext context) throws IOException {
        context.log().accept("reading layer " + digest);
        UpstreamAnswer answer = registry.get(url, authorization);
        if (answer.statusCode() != 200) {
            answer.body().close();
            throw new IOException("the registry answered " + answer.statusCode() + " for layer " + digest);
        }
        return answer.body();
    }
}
