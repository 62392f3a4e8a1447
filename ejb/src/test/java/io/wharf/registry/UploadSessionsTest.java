package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UploadSessionsTest {
    @Test
    void theStateIsTakenFromTheRegistrysLocationAndPutIntoTheClientsQuery() {
        String location = "http://127.0.0.1:8080/v2/hpc/app/blobs/uploads/0b1c?_state=abc%3D%3D&x=1";
        assertEquals("abc%3D%3D", UploadSessions.stateOf(location));
        assertNull(UploadSessions.stateOf("http://127.0.0.1:8080/v2/hpc/app/blobs/uploads/0b1c"));
        assertEquals("_state=new&digest=sha256%3Aab", UploadSessions.withState("_state=old&digest=sha256%3Aab", "new"));
        assertEquals("_state=new", UploadSessions.withState(null, "new"));
    }

    @Test
    void contentRangesAreReadWithOrWithoutUnitAndLength() {
        assertEquals(0, UploadSessions.rangeStart("0-99"));
        assertEquals(99, UploadSessions.rangeEnd("0-99"));
        assertEquals(100, UploadSessions.rangeStart("bytes 100-199/*"));
        assertEquals(199, UploadSessions.rangeEnd("bytes 100-199/*"));
        assertEquals(-1, UploadSessions.rangeStart("garbage"));
        assertEquals(-1, UploadSessions.rangeStart(null));
    }
}
