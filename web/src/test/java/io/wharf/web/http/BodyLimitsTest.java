package io.wharf.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BodyLimitsTest {
    private final BodyLimits limits = new BodyLimits(16, 64, 16384, 1024, 64, 1024, 64);

    @Test
    void eachPartOfWharfHasItsOwnLimit() {
        assertEquals(BodyLimits.UNLIMITED, limits.forPath("v2/hpc/app/blobs/uploads/abc"), "blobs are streamed");
        assertEquals(16, limits.forPath("c/login"));
        assertEquals(64, limits.forPath("service/token"));
        assertEquals(16384, limits.forPath("service/notifications"));
        assertEquals(1024, limits.forPath("api/v1/jobs"));
        assertEquals(64, limits.forPath("api/v2.0/users/3/sysadmin"));
        assertEquals(64, limits.forPath("api/v2.0/projects/hpc/members/4"));
        assertEquals(1024, limits.forPath("api/v2.0/projects/hpc"));
        assertEquals(64, limits.forPath("portal/js/app.js"));
    }
}
