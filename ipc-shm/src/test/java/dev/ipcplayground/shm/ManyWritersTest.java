package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.Verifier;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many writer threads, one reader, in both many-producer designs (a ring each, one ring all
 * write) and both rings that take them, with real semaphores: a small ring so writers wait for
 * room (several asleep on one word, in a shared ring) and the
 * reader for records (woken by whichever writer published). Every record arrives, each writer's
 * in its order; a lost wake-up would hang the test until its timeout.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ManyWritersTest {

    private static final long CAPACITY = 4096;
    private static final int WRITERS = 4, MESSAGES = 20_000, SIZE = 61;

    private final Arena arena = Arena.ofShared();
    private final List<NamedSemaphore> semaphores = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final String prefix = "ipcpg-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final PeerProcess peer = new PeerProcess(() -> ProcessHandle.current().pid(), Role.PRODUCER);

    @ParameterizedTest(name = "{0} ring, {1}, {2}")
    @CsvSource({"FAST, ring-each, BLOCK", "FAST, ring-each, SPIN", "FAST, ring-each, HYBRID",
            "FAST, one-ring, BLOCK", "FAST, one-ring, SPIN", "FAST, one-ring, HYBRID",
            "AGRONA, one-ring, BLOCK", "AGRONA, one-ring, SPIN", "AGRONA, one-ring, HYBRID", "AGRONA, ring-each, BLOCK"})
    void everyWritersRecordsArriveOnceInTheirOrder(RingKind kind, String fanIn, WaitStrategy wait) throws Exception {
        boolean shared = fanIn.equals("one-ring");
        int rings = shared ? 1 : WRITERS;
        List<MemorySegment> segments = new ArrayList<>();
        List<NamedSemaphore> filled = new ArrayList<>(), free = new ArrayList<>();
        for (int r = 0; r < rings; r++) {
            segments.add(arena.allocate(RingLayout.ringBytes(CAPACITY), 128));
            filled.add(wait == WaitStrategy.SPIN ? null : semaphore("r" + r + "-filled"));
            free.add(wait == WaitStrategy.SPIN ? null : semaphore("r" + r + "-free"));
        }
        MessageRing[] writers = new MessageRing[WRITERS];
        MessageRing reader;
        if (shared) {
            for (int w = 0; w < WRITERS; w++) {
                writers[w] = kind.open(segments.get(0), CAPACITY, wait, filled.get(0), free.get(0), peer,
                        Waiter.of(wait, segments.get(0), filled.get(0), free.get(0), peer, true), true, true);
            }
            reader = kind.open(segments.get(0), CAPACITY, wait, filled.get(0), free.get(0), peer,
                    Waiter.of(wait, segments.get(0), filled.get(0), free.get(0), peer, false), false, true);
        } else {
            MessageRing[] each = new MessageRing[WRITERS];
            for (int w = 0; w < WRITERS; w++) {
                writers[w] = kind.open(segments.get(w), CAPACITY, wait, filled.get(w), free.get(w), peer,
                        Waiter.writer(wait, segments.get(w), free.get(w), segments.get(0), filled.get(0), peer), true, false);
                each[w] = kind.open(segments.get(w), CAPACITY, wait, filled.get(w), free.get(w), peer,
                        Waiter.of(wait, segments.get(w), filled.get(w), free.get(w), peer, false), false, false);
            }
            reader = new RingPerProducer(each, Waiter.of(wait, segments.get(0), filled.get(0), free.get(0), peer, false));
        }

        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            MessageRing writer = writers[w];
            Frame frame = new Frame(SIZE).forProducer(w);
            sending.add(CompletableFuture.runAsync(() -> {
                try {
                    for (long s = 0; s < MESSAGES; s++) {
                        frame.fillMessage(s, SIZE).stampSendTime(s);
                        writer.offer(frame.bytes(), frame.length());
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, task -> Thread.ofPlatform().daemon().start(task))); // a writer stuck by a bug must not keep the JVM
        }
        Verifier[] verifiers = new Verifier[WRITERS];
        for (int w = 0; w < WRITERS; w++) {
            verifiers[w] = new Verifier(SIZE, "writer " + w);
        }
        Frame frame = new Frame(SIZE);
        for (int i = 0; i < WRITERS * MESSAGES; i++) {
            reader.poll(frame.bytes());
            verifiers[frame.producer()].accept(frame);
        }
        for (CompletableFuture<Void> s : sending) {
            s.get(10, TimeUnit.SECONDS);
        }

        for (Verifier verifier : verifiers) {
            Verification v = verifier.finish(MESSAGES);
            assertThat(v.clean()).as(v.problems()).isTrue();
        }
        assertThat(reader.tryPoll(frame.bytes())).as("nothing more").isEqualTo(-1);
        if (!shared) {
            assertThat(reader.facts()).containsKeys("records per ring's turn", "empty polls per record");
        }
    }

    private NamedSemaphore semaphore(String suffix) throws Exception {
        String name = prefix + "-" + suffix;
        names.add(name);
        NamedSemaphore s = NamedSemaphore.create(name, 0);
        semaphores.add(s);
        return s;
    }

    @AfterEach
    void close() throws Exception {
        peer.close();
        semaphores.forEach(NamedSemaphore::close);
        for (String name : names) {
            NamedSemaphore.unlink(name);
        }
        arena.close();
    }
}
