package io.wharf.it.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A cosign signature built as cosign writes it: a simple-signing payload naming the image, signed
 * with a fresh ECDSA P-256 key, the signature in the layer's annotation, the manifest pushed under
 * the tag {@code sha256-<hex>.sig}.
 */
public final class CosignSignatures {
    private CosignSignatures() {}

    /** Pushes a signature of {@code image} (a digest) in {@code repo}; returns the signature manifest's push answer. */
    public static Http.Response push(String repo, String token, String image) throws Exception {
        byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + Stack.host() + "/" + repo + "\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + image + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}").getBytes(StandardCharsets.UTF_8);
        KeyPairGenerator keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(256);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.generateKeyPair().getPrivate());
        signer.update(payload);
        String signature = Base64.getEncoder().encodeToString(signer.sign());
        byte[] config = "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        upload(repo, token, config);
        upload(repo, token, payload);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\","
                + "\"digest\":\"" + sha256(payload) + "\",\"size\":" + payload.length
                + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + signature + "\"}}]}";
        return Http.sendBytes("PUT", Stack.url() + "/v2/" + repo + "/manifests/" + tagOf(image),
                manifest.getBytes(StandardCharsets.UTF_8), "Authorization", Http.bearer(token),
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
    }

    /** cosign's tag for the signature of {@code image}. */
    public static String tagOf(String image) {
        return "sha256-" + image.substring("sha256:".length()) + ".sig";
    }

    public static String sha256(byte[] data) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static void upload(String repo, String token, byte[] blob) throws Exception {
        Http.Response session = Http.send("POST", Stack.url() + "/v2/" + repo + "/blobs/uploads/", null, "Authorization", Http.bearer(token));
        if (session.status() != 202) throw new AssertionError("upload session: " + session);
        String location = session.header("Location").orElseThrow();
        Http.Response put = Http.sendBytes("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + sha256(blob), blob,
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream");
        if (put.status() != 201) throw new AssertionError("blob upload: " + put);
    }
}
