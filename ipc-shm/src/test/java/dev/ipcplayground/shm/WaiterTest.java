package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handshake's word with several sleepers: producers waiting for room in the one ring they all write. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WaiterTest {

    @Test
    void oneWakeUpAfterProgressWakesEverySleeperOnTheWord() throws Exception {
        String prefix = "ipcpg-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Arena arena = Arena.ofShared();
             NamedSemaphore filled = NamedSemaphore.create(prefix + "-filled", 0);
             NamedSemaphore free = NamedSemaphore.create(prefix + "-free", 0);
             PeerProcess peer = new PeerProcess(() -> ProcessHandle.current().pid(), Role.CONSUMER)) {
            MemorySegment ring = arena.allocate(RingLayout.ringBytes(4096), 128);
            AtomicBoolean room = new AtomicBoolean();
            var sleepers = new CompletableFuture<?>[3];
            for (int i = 0; i < sleepers.length; i++) {
                Waiter writer = Waiter.of(WaitStrategy.BLOCK, ring, filled, free, peer, true);
                sleepers[i] = CompletableFuture.runAsync(() -> {
                    try {
                        writer.await(room::get);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, task -> Thread.ofPlatform().start(task));
            }
            // all three have said they sleep: the word counts them
            while (ring.get(ValueLayout.JAVA_INT, RingLayout.WRITER_PARKED_OFFSET) != sleepers.length) {
                Thread.sleep(1);
            }
            room.set(true);
            Waiter reader = Waiter.of(WaitStrategy.BLOCK, ring, filled, free, peer, false);
            reader.wakePeer(); // once, as the reader does after handing space back

            CompletableFuture.allOf(sleepers).get(5, TimeUnit.SECONDS);
            assertThat(reader.wakeUps()).isEqualTo(sleepers.length);
            assertThat(ring.get(ValueLayout.JAVA_INT, RingLayout.WRITER_PARKED_OFFSET)).as("none parked any more").isZero();
        } finally {
            NamedSemaphore.unlink(prefix + "-filled");
            NamedSemaphore.unlink(prefix + "-free");
        }
    }
}
