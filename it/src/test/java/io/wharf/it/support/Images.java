package io.wharf.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds small OCI images with umoci and moves them with skopeo, as a user's machine would. */
public final class Images {
    private Images() {}

    /** An OCI layout with one image tagged {@code v1} holding a file no other image has. */
    public static Path build(Path dir) throws IOException {
        Path layout = dir.resolve("oci");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":v1");
        Path bundle = dir.resolve("bundle");
        run("umoci", "unpack", "--rootless", "--image", layout + ":v1", bundle.toString());
        Files.writeString(bundle.resolve("rootfs/hello.txt"), "hello from " + UUID.randomUUID() + "\n");
        run("umoci", "repack", "--image", layout + ":v1", bundle.toString());
        return layout;
    }

    /** An OCI layout with one image tagged {@code v1} holding these files (path in rootfs → content) and a unique one. */
    public static Path buildWith(Path dir, java.util.Map<String, String> files) throws IOException {
        return buildWith(dir, files, rootfs -> { });
    }

    /** As {@link #buildWith(Path, java.util.Map)}, and {@code more} adds to the root file system before it is packed. */
    public static Path buildWith(Path dir, java.util.Map<String, String> files, java.util.function.Consumer<Path> more) throws IOException {
        Path layout = dir.resolve("oci");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":v1");
        Path bundle = dir.resolve("bundle");
        run("umoci", "unpack", "--rootless", "--image", layout + ":v1", bundle.toString());
        for (var f : files.entrySet()) {
            Path target = bundle.resolve("rootfs").resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue());
        }
        Files.writeString(bundle.resolve("rootfs/hello.txt"), "hello from " + UUID.randomUUID() + "\n");
        more.accept(bundle.resolve("rootfs"));
        run("umoci", "repack", "--image", layout + ":v1", bundle.toString());
        return layout;
    }

    /** skopeo copy between two references, with credentials for whichever side is Wharf. */
    public static Cmd.Result copy(String from, String to, String srcCreds, String destCreds, Path digestFile) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "--src-tls-verify=false", "--dest-tls-verify=false"));
        if (srcCreds != null) cmd.addAll(List.of("--src-creds", srcCreds));
        else if (from.startsWith("docker://")) cmd.add("--src-no-creds");
        if (destCreds != null) cmd.addAll(List.of("--dest-creds", destCreds));
        else if (to.startsWith("docker://")) cmd.add("--dest-no-creds");
        if (digestFile != null) cmd.addAll(List.of("--digestfile", digestFile.toString()));
        cmd.add(from);
        cmd.add(to);
        return Cmd.run(cmd);
    }

    public static Cmd.Result inspect(String ref, String creds) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false", "--raw"));
        if (creds != null) cmd.addAll(List.of("--creds", creds));
        else cmd.add("--no-creds");
        cmd.add(ref);
        return Cmd.run(cmd);
    }

    private static void run(String... command) {
        Cmd.Result r = Cmd.run(command);
        assertTrue(r.ok(), r::toString);
    }
}
