package io.wharf.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PathCheckTest {
    @Test
    void ordinaryPathsPass() {
        assertNull(PathCheck.problem("/v2/hpc/hello-world/manifests/sha256:abc"));
        assertNull(PathCheck.problem("/api/v2.0/projects/hpc/repositories/tools%252Fgcc/artifacts"));
        assertNull(PathCheck.problem("/portal/js/app.js"));
        assertNull(PathCheck.problem("/v2/hpc/a..b/tags/list"));
    }

    @Test
    void dotSegmentsAndNonAsciiAreRefused() {
        assertNotNull(PathCheck.problem("/v2/hpc/%2e%2e/other/manifests/v1"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/hpc/%2E%2E/x"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/hpc/./x"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/%C3%A9"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/\u00e9"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/%ff"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/%0a"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/%zz"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/%2"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/..%5cx"));
        assertNotNull(PathCheck.problem("/c/login/${jndi:x}"));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/latest/\""));
        assertNotNull(PathCheck.problem("/api/v2.0/projects/a%2fb"));
        assertEquals(404, PathCheck.problem("/portal/../WEB-INF/beans.xml").status());
        assertEquals(400, PathCheck.problem("/api/v2.0/projects/%ff").status());
        assertNotNull(PathCheck.problem("/api/v2.0/projects", "q=<script>"));
        assertNull(PathCheck.problem("/service/token", "scope=repository:hpc/app:push,pull&service=wharf-registry"));
    }
}
