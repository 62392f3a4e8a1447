package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Stack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wharf up} refuses a Redis or registry port someone else listens on, rather than have Wharf
 * talk to another installation's Redis (which answers the ping its own, failed to bind, never could).
 */
class WharfUpPortsE2EIT {
    private static final int BASE = URI.create(Stack.url()).getPort();

    @Test
    void aRedisPortTakenByAnotherRedisIsRefusedAndItsDataLeftAlone(@TempDir Path dir) throws Exception {
        int strayPort = BASE + 780;
        Process stray = new ProcessBuilder("redis-server", "--port", String.valueOf(strayPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stray.log").toFile()).start();
        try {
            Eventually.await("the other Redis to answer", Duration.ofSeconds(20),
                    () -> Cmd.run("redis-cli", "-p", String.valueOf(strayPort), "ping").output(), out -> out.contains("PONG"));
            assertTrue(Cmd.run("redis-cli", "-p", String.valueOf(strayPort), "set", "theirs", "kept").ok());

            Path home = dir.resolve("home");
            // Redis on the port another Redis holds.
            Map<String, String> env = Stack.secondStack(home, BASE + 781);
            env.put("WHARF_REDIS_PORT", String.valueOf(strayPort));
            String wharf = Stack.root().resolve("bin/wharf").toString();
            Cmd.Result up = Cmd.runWithEnv(Duration.ofMinutes(3), env, wharf, "up");
            try {
                assertFalse(up.ok(), up::toString);
                assertTrue(up.output().contains("port " + strayPort + " is taken") && up.output().contains("WHARF_REDIS_PORT"), up::toString);
                assertFalse(Files.exists(home.resolve("run/redis.pid")) && Cmd.run("kill", "-0", Files.readString(home.resolve("run/redis.pid")).strip()).ok(),
                        "no Redis of this installation is left running");
                assertEquals("kept", Cmd.run("redis-cli", "-p", String.valueOf(strayPort), "get", "theirs").output().strip(),
                        "the other installation's data is untouched");
                assertTrue(stray.isAlive(), "the other Redis still runs");
            } finally {
                Cmd.runWithEnv(Duration.ofMinutes(3), env, wharf, "down");
            }
        } finally {
            stray.destroy();
            stray.waitFor();
        }
    }
}
