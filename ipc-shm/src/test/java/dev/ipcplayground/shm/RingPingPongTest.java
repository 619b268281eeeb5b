package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two rings, a request and a reply each way, as the two processes use them in a ping-pong:
 * every round trip makes each side wait on an empty ring, so a lost wake-up would stop it.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RingPingPongTest {

    @ParameterizedTest(name = "{0} ring, --wait {1}")
    @CsvSource({"TEXTBOOK, BLOCK", "TEXTBOOK, HYBRID", "FAST, BLOCK", "FAST, HYBRID", "AGRONA, BLOCK", "AGRONA, HYBRID"})
    void everyRequestIsAnsweredWithoutALostWakeUp(RingKind kind, WaitStrategy wait) throws Exception {
        int rounds = 20_000;
        try (RingFixture requests = new RingFixture(kind, 1 << 16, wait, 88, ProcessHandle.current().pid());
             RingFixture replies = new RingFixture(kind, 1 << 16, wait, 32, ProcessHandle.current().pid())) {
            var consumer = CompletableFuture.runAsync(() -> {
                byte[] in = new byte[88], out = new byte[32];
                try {
                    for (int i = 0; i < rounds; i++) {
                        requests.reader.poll(in);
                        out[0] = in[0];
                        replies.writer.offer(out, 32);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] request = new byte[88], reply = new byte[32];
            for (int i = 0; i < rounds; i++) {
                request[0] = (byte) i;
                requests.writer.offer(request, 88);
                assertThat(replies.reader.poll(reply)).isEqualTo(32);
                assertThat(reply[0]).isEqualTo((byte) i);
            }
            consumer.get(5, TimeUnit.SECONDS);
        }
    }
}
