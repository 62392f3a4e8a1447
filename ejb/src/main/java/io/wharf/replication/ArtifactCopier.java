package io.wharf.replication;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Copies one artifact between two registries, whole: every platform of an index, every blob
 * (skipped when the destination has it, mounted when it has it in another repository, otherwise
 * streamed in chunks through this server with the upload resumed where the destination says it
 * stands after an interruption), the manifest pushed last, then its accessories (cosign's
 * {@code sha256-<digest>.sig/.att/.sbom} tags and referrers naming it as subject).
 */
public final class ArtifactCopier {
    /** How many times one blob's upload is resumed after an interruption before the task fails. */
    static final int MAX_RESUMES = 5;

    /** Thrown when the job was asked to stop. */
    public static final class Stopped extends IOException {
        Stopped() { super("stopped on request"); }
    }

    /** What a copy did, for the task's log and the execution's totals. */
    public record Outcome(boolean copied, String digest, long bytesSent, int blobsSkipped, int blobsMounted, int resumes) {}

    private final RegistrySide src;
    private final RegistrySide dst;
    private final BlobPlaces places;
    private final SpeedLimit speed;
    private final long chunkSize;
    private final Consumer<String> log;
    private final BooleanSupplier stop;
    private final BiFunction<String, String, List<String>> referrers;
    private final Set<String> blobsDone = new HashSet<>();
    private final Set<String> manifestsDone = new HashSet<>();
    private long bytesSent;
    private int skipped;
    private int mounted;
    private int resumes;

    /**
     * @param referrers the digests of the source's manifests naming (repository, digest) as subject
     */
    public ArtifactCopier(RegistrySide src, RegistrySide dst, BlobPlaces places, long speedKibPerSecond, long chunkSize,
                          Consumer<String> log, BooleanSupplier stop, BiFunction<String, String, List<String>> referrers) {
        this.src = src;
        this.dst = dst;
        this.places = places;
        this.speed = new SpeedLimit(speedKibPerSecond);
        this.chunkSize = chunkSize;
        this.log = log;
        this.stop = stop;
        this.referrers = referrers;
    }

    /**
     * Copies {@code srcRepo:reference} to {@code dstRepo:dstReference}. Without {@code override}, a
     * destination tag that names other content is left as it is (not copied).
     */
    public Outcome copy(String srcRepo, String reference, String dstRepo, String dstReference, boolean override) throws IOException {
        RegistrySide.Manifest m = src.manifest(srcRepo, reference)
                .orElseThrow(() -> new IOException(srcRepo + ":" + reference + " is not in the source registry"));
        if (!override) {
            var existing = dst.manifestDigest(dstRepo, dstReference);
            if (existing.isPresent() && !existing.get().equals(m.digest())) {
                log.accept("skipped: " + dstRepo + ":" + dstReference + " exists with " + existing.get() + " and override is off");
                return new Outcome(false, m.digest(), 0, 0, 0, 0);
            }
        }
        log.accept("copying " + srcRepo + ":" + reference + " (" + m.digest() + ", " + m.mediaType() + ") to " + dstRepo + ":" + dstReference);
        pushTree(srcRepo, m, dstRepo, dstReference);
        copyAccessories(srcRepo, m.digest(), dstRepo, new ArrayList<>());
        log.accept("done: " + bytesSent + " bytes sent, " + skipped + " blobs already there, " + mounted + " mounted, "
                + resumes + " uploads resumed");
        return new Outcome(true, m.digest(), bytesSent, skipped, mounted, resumes);
    }

    /** Children and blobs first, the manifest itself last, so the destination never names what it lacks. */
    private void pushTree(String srcRepo, RegistrySide.Manifest m, String dstRepo, String dstReference) throws IOException {
        checkStop();
        JsonObject json = parse(m);
        JsonValue children = json.get("manifests");
        if (children instanceof JsonArray list) {
            for (JsonObject child : list.getValuesAs(JsonObject.class)) {
                String digest = child.getString("digest", null);
                if (digest == null || manifestsDone.contains(digest)) continue;
                RegistrySide.Manifest c = src.manifest(srcRepo, digest)
                        .orElseThrow(() -> new IOException("the index names " + digest + ", which the source does not have"));
                log.accept("platform " + platform(child) + ": " + digest);
                pushTree(srcRepo, c, dstRepo, digest);
            }
        }
        List<JsonObject> blobs = new ArrayList<>();
        if (json.get("config") instanceof JsonObject config) blobs.add(config);
        for (String field : List.of("layers", "blobs")) {
            if (json.get(field) instanceof JsonArray a) blobs.addAll(a.getValuesAs(JsonObject.class));
        }
        for (JsonObject blob : blobs) {
            String digest = blob.getString("digest", null);
            if (digest == null || blobsDone.contains(digest)) continue;
            if (blob.getString("mediaType", "").contains("foreign") || blob.containsKey("urls")) {
                log.accept("foreign layer " + digest + " left to its own URLs");
                continue;
            }
            copyBlob(srcRepo, digest, blob.getJsonNumber("size") == null ? -1 : blob.getJsonNumber("size").longValue(), dstRepo);
            blobsDone.add(digest);
        }
        dst.putManifest(dstRepo, dstReference, m);
        manifestsDone.add(m.digest());
    }

    private void copyAccessories(String srcRepo, String subject, String dstRepo, List<String> seen) throws IOException {
        if (seen.contains(subject) || seen.size() > 1000) return;
        seen.add(subject);
        String prefix = subject.replace(':', '-');
        for (String tag : sourceTags(srcRepo)) {
            if (!tag.startsWith(prefix + ".") && !tag.equals(prefix)) continue;
            RegistrySide.Manifest a = src.manifest(srcRepo, tag).orElse(null);
            if (a == null) continue;
            log.accept("accessory tag " + tag + " (" + a.digest() + ")");
            pushTree(srcRepo, a, dstRepo, tag);
            copyAccessories(srcRepo, a.digest(), dstRepo, seen);
        }
        for (String digest : referrers.apply(srcRepo, subject)) {
            if (manifestsDone.contains(digest)) continue;
            RegistrySide.Manifest a = src.manifest(srcRepo, digest).orElse(null);
            if (a == null) continue;
            log.accept("referrer " + digest + " of " + subject);
            pushTree(srcRepo, a, dstRepo, digest);
            copyAccessories(srcRepo, digest, dstRepo, seen);
        }
    }

    private List<String> tags;

    private List<String> sourceTags(String srcRepo) throws IOException {
        if (tags == null) tags = src.tags(srcRepo);
        return tags;
    }

    private void copyBlob(String srcRepo, String digest, long size, String dstRepo) throws IOException {
        checkStop();
        if (dst.hasBlob(dstRepo, digest)) {
            skipped++;
            log.accept("blob " + digest + " already at the destination");
            places.remember(dst.baseUrl(), digest, dstRepo);
            return;
        }
        var elsewhere = places.where(dst.baseUrl(), digest).filter(r -> !r.equals(dstRepo));
        if (elsewhere.isPresent() && dst.mount(dstRepo, digest, elsewhere.get())) {
            mounted++;
            log.accept("blob " + digest + " mounted from " + elsewhere.get());
            return;
        }
        upload(srcRepo, digest, size, dstRepo);
        places.remember(dst.baseUrl(), digest, dstRepo);
    }

    /** A chunked upload: after an interruption the destination says how much it kept and the source is read again from there. */
    private void upload(String srcRepo, String digest, long size, String dstRepo) throws IOException {
        if (size < 0) throw new IOException("blob " + digest + " has no size in its manifest");
        RegistrySide.Upload up = dst.startUpload(dstRepo);
        long offset = 0;
        InputStream in = speed.wrap(src.openBlob(srcRepo, digest, 0));
        int tries = 0;
        try {
            while (offset < size) {
                checkStop();
                long length = Math.min(chunkSize, size - offset);
                try {
                    RegistrySide.Upload next = dst.patch(dstRepo, up, new Slice(in, length), length);
                    bytesSent += length;
                    up = next;
                    if (next.offset() != offset + length) {
                        // the destination kept a different amount: continue from what it has
                        in.close();
                        in = speed.wrap(src.openBlob(srcRepo, digest, next.offset()));
                    }
                    offset = next.offset();
                } catch (Stopped e) {
                    throw e;
                } catch (IOException e) {
                    if (++tries > MAX_RESUMES) throw new IOException("blob " + digest + ": gave up after " + MAX_RESUMES + " resumes: " + e.getMessage(), e);
                    resumes++;
                    closeQuietly(in);
                    var status = dst.status(dstRepo, up);
                    if (status.isPresent()) {
                        up = status.get();
                        log.accept("blob " + digest + " interrupted (" + e.getMessage() + "); the destination has "
                                + up.offset() + " of " + size + " bytes: resuming there");
                    } else {
                        up = dst.startUpload(dstRepo);
                        log.accept("blob " + digest + " interrupted (" + e.getMessage() + ") and the destination dropped the upload: starting it again");
                    }
                    offset = up.offset();
                    in = speed.wrap(src.openBlob(srcRepo, digest, offset));
                }
            }
        } finally {
            closeQuietly(in);
        }
        dst.finish(dstRepo, up, digest);
        log.accept("blob " + digest + " sent (" + size + " bytes)");
    }

    private void checkStop() throws Stopped {
        if (stop.getAsBoolean()) throw new Stopped();
    }

    private static String platform(JsonObject child) {
        if (!(child.get("platform") instanceof JsonObject p)) return "unknown";
        return p.getString("os", "?") + "/" + p.getString("architecture", "?") + (p.containsKey("variant") ? "/" + p.getString("variant", "") : "");
    }

    private static JsonObject parse(RegistrySide.Manifest m) throws IOException {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(m.body()))) {
            return r.readObject();
        } catch (RuntimeException e) {
            throw new IOException("manifest " + m.digest() + " is not a JSON object");
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is dropped anyway
        }
    }

    /** The next {@code length} bytes of a stream, without closing it (the next chunk reads on). */
    private static final class Slice extends FilterInputStream {
        private long left;

        Slice(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b < 0) throw new IOException("the source blob ended early");
            left--;
            return b;
        }

        @Override public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n < 0) throw new IOException("the source blob ended early");
            left -= n;
            return n;
        }

        @Override public void close() { }
    }
}
