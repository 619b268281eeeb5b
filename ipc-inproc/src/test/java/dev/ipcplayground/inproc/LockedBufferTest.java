package dev.ipcplayground.inproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.Verifier;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS) // each test takes well under a second; a lost wake-up would hang it
class LockedBufferTest {

    @Test
    void framesComeOutInOrderAndWhole() throws Exception {
        LockedBuffer buffer = new LockedBuffer(4, Frame.largestFrame(16));
        Frame in = new Frame(16), out = new Frame(16);
        for (int i = 0; i < 4; i++) {
            in.fillMessage(i, 16).stampSendTime(i);
            buffer.put(in);
        }
        for (int i = 0; i < 4; i++) {
            buffer.take(out);
            assertThat(out.sequence()).isEqualTo(i);
            assertThat(out.crcMatches()).isTrue();
        }
    }

    @Test
    void aWaiterIsReleasedByInterruptionWithAReason() throws Exception {
        LockedBuffer empty = new LockedBuffer(1, Frame.largestFrame(0));
        var waiter = CompletableFuture.runAsync(() -> {
            Thread.currentThread().interrupt();
            try {
                empty.take(new Frame(0));
            } catch (InterruptedIOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("stopped while waiting: the other side failed");
    }

    @Test
    void aProducerThreadAndAConsumerThreadLoseNothingThroughATinyBuffer() throws Exception {
        LockedBuffer buffer = new LockedBuffer(3, Frame.largestFrame(40));
        int messages = 50_000;
        var producer = CompletableFuture.runAsync(() -> {
            Frame f = new Frame(40);
            try {
                for (long s = 0; s < messages; s++) {
                    f.fillMessage(s, 40).stampSendTime(s);
                    buffer.put(f);
                }
            } catch (InterruptedIOException e) {
                throw new RuntimeException(e);
            }
        });
        Verifier verifier = new Verifier(40);
        Frame f = new Frame(40);
        for (int i = 0; i < messages; i++) {
            buffer.take(f);
            verifier.accept(f);
        }
        producer.get(30, TimeUnit.SECONDS);
        Verification v = verifier.finish(messages);
        assertThat(v.clean()).as(v.problems()).isTrue();
    }
}
