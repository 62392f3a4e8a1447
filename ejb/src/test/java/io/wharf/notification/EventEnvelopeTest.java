package io.wharf.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {
    /** The shape of Distribution's documented push event (docs/notifications.md). */
    static final String PUSH = """
            {"events":[{
              "id":"320678d8-ca14-430f-8bb6-4ca139cd83f7",
              "timestamp":"2016-03-09T14:44:26.402973972-08:00",
              "action":"push",
              "target":{
                "mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                "size":708,
                "digest":"sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf",
                "length":708,
                "repository":"hello-world",
                "url":"http://192.168.100.227:5000/v2/hello-world/manifests/sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf",
                "tag":"latest"
              },
              "request":{"id":"6df24a34-0959-4923-81ca-14f09767db19","addr":"192.168.64.11:42961","host":"192.168.100.227",
                         "method":"PUT","useragent":"curl/7.38.0"},
              "actor":{"name":"alice"},
              "source":{"addr":"xtal.local:5000","instanceID":"a53db899-3b4b-4a62-a067-8dd013beaca4"}
            }]}""";

    @Test
    void readsTheDocumentedPushEvent() {
        EventEnvelope envelope = EventEnvelope.parse(PUSH);
        assertEquals(0, envelope.malformed());
        RegistryEvent e = envelope.events().get(0);
        assertEquals("320678d8-ca14-430f-8bb6-4ca139cd83f7", e.id());
        assertEquals("push", e.action());
        assertEquals("hello-world", e.repository());
        assertEquals("latest", e.tag());
        assertEquals("sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf", e.digest());
        assertEquals(708, e.size());
        assertEquals("alice", e.actor());
        assertEquals("PUT", e.requestMethod());
        assertEquals(Instant.parse("2016-03-09T22:44:26.402973972Z"), e.timestamp());
        assertTrue(e.isManifest());
        assertEquals("hello-world:latest", e.resource());
    }

    @Test
    void badEventsAreCountedNotFatal() {
        EventEnvelope envelope = EventEnvelope.parse("""
                {"events":[ 3, {"id":"x"}, {"id":"y","action":"pull","target":{}},
                  {"id":"z","action":"pull","timestamp":"not a time","target":{"repository":"a/b","digest":"sha256:d",
                   "mediaType":"application/octet-stream"}} ]}""");
        assertEquals(3, envelope.malformed());
        assertEquals(1, envelope.events().size());
        RegistryEvent blob = envelope.events().get(0);
        assertEquals("a/b@sha256:d", blob.resource());
        assertEquals(false, blob.isManifest());
    }

    @Test
    void notAnEnvelopeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.parse("{\"foo\":1}"));
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.parse("{\"events\":\"nope\"}"));
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.parse(null));
    }
}
