package io.wharf.scan;

import io.wharf.common.WharfException;
import io.wharf.config.WharfConfig;
import io.wharf.registry.ManifestSummary;
import io.wharf.registry.client.RegistryClient;
import io.wharf.registry.client.RegistryUnavailableException;
import io.wharf.scan.spi.LayerTarget;
import io.wharf.scan.spi.ScanFailedException;
import io.wharf.scan.spi.ScanTarget;
import io.wharf.token.Access;
import io.wharf.token.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Reads an image's manifests from the registry with a pull token minted for the scan. */
@ApplicationScoped
public class ImageManifests {
    @Inject @RestClient RegistryClient registry;
    @Inject TokenService tokens;
    @Inject WharfConfig config;

    /** {@code Bearer <token>} that may pull the repository, and nothing else. */
    public String pullAuthorization(String repository) {
        return "Bearer " + tokens.serviceToken(List.of(new Access("repository", repository, List.of("pull"))));
    }

    /** One platform image of the artifact, ready to hand to a scanner. */
    public record PlatformImage(String platform, ScanTarget target) {}

    /** A manifest to scan: the artifact itself, or one platform image of its index. */
    public record PlatformManifest(String platform, String digest, ManifestLayers.Parsed manifest) {}

    /** The image manifests to scan: the manifest itself, or each platform image of an index. */
    public List<PlatformManifest> manifests(String repository, String digest, String authorization) throws ScanFailedException {
        ManifestLayers.Parsed top = fetch(repository, digest, authorization);
        List<PlatformManifest> images = new ArrayList<>();
        if (!top.isIndex()) {
            images.add(new PlatformManifest(null, digest, top));
            return images;
        }
        if (top.children().isEmpty()) throw new ScanFailedException("the index " + digest + " names no platform image");
        for (ManifestLayers.Child child : top.children()) {
            ManifestLayers.Parsed image = fetch(repository, child.digest(), authorization);
            if (image.isIndex()) throw new ScanFailedException("the index " + digest + " nests another index (" + child.digest() + ")");
            images.add(new PlatformManifest(child.platform(), child.digest(), image));
        }
        return images;
    }

    /** Each image's layers with the registry's blob URL and the header that reads them. */
    public List<PlatformImage> targets(String repository, List<PlatformManifest> manifests, String authorization) {
        return manifests.stream()
                .map(m -> new PlatformImage(m.platform(), target(repository, m.digest(), m.manifest(), authorization)))
                .toList();
    }

    private ScanTarget target(String repository, String digest, ManifestLayers.Parsed parsed, String authorization) {
        List<LayerTarget> layers = parsed.layers().stream()
                .map(l -> new LayerTarget(l.digest(), l.mediaType(), l.size(),
                        config.registryUrl() + "/v2/" + repository + "/blobs/" + l.digest()))
                .toList();
        return new ScanTarget(config.registryUrl(), repository, digest, parsed.mediaType(), layers, authorization);
    }

    private ManifestLayers.Parsed fetch(String repository, String digest, String authorization) throws ScanFailedException {
        try (Response r = registry.manifest(authorization, ManifestSummary.ACCEPT_ALL, repository, digest)) {
            return ManifestLayers.parse(r.readEntity(byte[].class), r.getHeaderString("Content-Type"));
        } catch (RegistryUnavailableException | ProcessingException e) {
            throw new ScanFailedException("the registry could not be reached for " + repository + "@" + digest + ": " + e.getMessage());
        } catch (WharfException e) {
            if (e.status() == 404) throw new ScanFailedException("the registry has no manifest " + repository + "@" + digest);
            throw new ScanFailedException("the registry refused the manifest " + repository + "@" + digest + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ScanFailedException("the manifest " + repository + "@" + digest + " cannot be scanned: " + e.getMessage());
        }
    }
}
