package io.wharf.scanner.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void backoffDoublesFromFiveMinutesToSixHours() {
        assertEquals(java.time.Duration.ofMinutes(5), FeedUpdater.backoff(1));
        assertEquals(java.time.Duration.ofMinutes(10), FeedUpdater.backoff(2));
        assertEquals(java.time.Duration.ofMinutes(160), FeedUpdater.backoff(6));
        assertEquals(java.time.Duration.ofMinutes(320), FeedUpdater.backoff(7));
        assertEquals(java.time.Duration.ofHours(6), FeedUpdater.backoff(8));
        assertEquals(java.time.Duration.ofHours(6), FeedUpdater.backoff(40));
    }
}
