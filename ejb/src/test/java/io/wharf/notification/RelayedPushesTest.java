package io.wharf.notification;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RelayedPushesTest {
    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    private static final String DIGEST = PushRecorder.sha256(MANIFEST);

    @Test
    void theEventWaitsUntilTheGatewayHasRecordedThePushItRelays() throws Exception {
        RelayedPushes relayed = new RelayedPushes();
        RelayedPushes.Relay relay = relayed.begin("hpc/app", MANIFEST);
        CompletableFuture<Boolean> event = CompletableFuture.supplyAsync(() -> await(relayed, "hpc/app", DIGEST, 10_000));
        Thread.sleep(200);
        assertFalse(event.isDone(), "the event went ahead while the gateway was still recording");
        relay.close();
        assertTrue(event.get(5, TimeUnit.SECONDS));
    }

    @Test
    void anEventForAnotherManifestOrRepositoryDoesNotWait() throws Exception {
        RelayedPushes relayed = new RelayedPushes();
        try (RelayedPushes.Relay relay = relayed.begin("hpc/app", MANIFEST)) {
            assertTrue(relayed.awaitNoneInFlight("hpc/other", DIGEST, 0));
            assertTrue(relayed.awaitNoneInFlight("hpc/app", PushRecorder.sha256(new byte[] {1}), 0));
        }
    }

    @Test
    void aGatewayThatNeverFinishesHoldsTheEventOnlyUntilTheTimeout() throws Exception {
        RelayedPushes relayed = new RelayedPushes();
        relayed.begin("hpc/app", MANIFEST);
        long start = System.nanoTime();
        assertFalse(relayed.awaitNoneInFlight("hpc/app", DIGEST, 300));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void twoRelaysOfTheSameManifestBothEndBeforeTheEventGoesOn() throws Exception {
        RelayedPushes relayed = new RelayedPushes();
        RelayedPushes.Relay first = relayed.begin("hpc/app", MANIFEST);
        RelayedPushes.Relay second = relayed.begin("hpc/app", MANIFEST);
        first.close();
        assertFalse(relayed.awaitNoneInFlight("hpc/app", DIGEST, 100));
        second.close();
        assertTrue(relayed.awaitNoneInFlight("hpc/app", DIGEST, 0));
    }

    private static boolean await(RelayedPushes relayed, String repository, String digest, long ms) {
        try {
            return relayed.awaitNoneInFlight(repository, digest, ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
