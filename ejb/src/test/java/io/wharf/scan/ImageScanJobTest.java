package io.wharf.scan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class ImageScanJobTest {
    private final ImageScanJob type = new ImageScanJob();
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private static JsonObject params(String id, String repository, String digest) {
        var b = Json.createObjectBuilder();
        if (id != null) b.add("scan_job_id", id);
        if (repository != null) b.add("repository", repository);
        if (digest != null) b.add("digest", digest);
        return b.add("tag", "v1").build();
    }

    @Test
    void validParametersPass() {
        assertDoesNotThrow(() -> type.validate(params("5b7c2a9e-0d4f-4f7e-9a53-1f0e3c0b9d11", "hpc/app", DIGEST)));
    }

    @Test
    void eachBadParameterIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> type.validate(params(null, "hpc/app", DIGEST)))
                .getMessage().contains("scan_job_id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> type.validate(params("id", "App", DIGEST)))
                .getMessage().contains("repository"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> type.validate(params("id", "hpc/app", "latest")))
                .getMessage().contains("digest"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> type.validate(params("../../etc", "hpc/app", DIGEST)))
                .getMessage().contains("scan_job_id"));
    }
}
