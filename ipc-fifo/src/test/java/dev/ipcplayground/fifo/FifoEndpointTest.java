package dev.ipcplayground.fifo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.Frame;

import dev.ipcplayground.core.os.NativeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifoEndpointTest {

    @TempDir
    Path dir;

    @Test
    void mkfifoMakesAPrivateNamedPipeAndRefusesAnExistingPath() throws Exception {
        Path fifo = dir.resolve("x.fifo");
        Fifo.make(fifo, 0600);

        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.getAttribute(fifo, "unix:mode")).isEqualTo(0010600); // S_IFIFO | 0600
        assertThatThrownBy(() -> Fifo.make(fifo, 0600)).isInstanceOf(NativeException.class)
                .hasMessage("mkfifo(" + fifo + "): File exists (errno 17)");
    }

    @Test
    void framesCrossInBothDirectionsOnceBothSidesOpen() throws Exception {
        Path requests = dir.resolve("requests.fifo"), replies = dir.resolve("replies.fifo");
        Fifo.make(requests, 0600);
        Fifo.make(replies, 0600);
        Duration timeout = Duration.ofSeconds(10);
        try (var consumer = FifoEndpoint.consumer(requests, java.util.List.of(replies), timeout, "the producer");
             var producer = FifoEndpoint.producer(replies, requests, timeout, "the consumer")) {
            var echo = CompletableFuture.runAsync(() -> {
                try {
                    Frame in = new Frame(100), out = new Frame(0);
                    for (int i = 0; i < 100; i++) {
                        consumer.receive(in);
                        consumer.send(out.fillReply(in.sequence(), in.sendTime()));
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Frame request = new Frame(100), reply = new Frame(0);
            for (int i = 0; i < 100; i++) {
                request.fillMessage(i, 100).stampSendTime(i);
                producer.send(request);
                producer.receive(reply);
                assertThat(reply.isReplyTo(i)).isTrue();
            }
            echo.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPeerThatNeverOpensIsAnErrorNotAHang() throws Exception {
        Path requests = dir.resolve("requests.fifo"), replies = dir.resolve("replies.fifo");
        Fifo.make(requests, 0600);
        Fifo.make(replies, 0600);
        try (var consumer = FifoEndpoint.consumer(requests, java.util.List.of(replies), Duration.ofMillis(300), "the producer")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> consumer.receive(new Frame(10)))
                    .hasMessage("the producer did not open requests.fifo within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
