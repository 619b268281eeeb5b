package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.os.NativeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real POSIX semaphores through FFM: counting, timing out, and errors that say what went wrong. */
class NamedSemaphoreTest {

    private final String name = "ipcpg-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @AfterEach
    void unlink() throws NativeException {
        NamedSemaphore.unlink(name);
    }

    @Test
    void postsAreCountedAndTakenOneByOne() throws Exception {
        try (NamedSemaphore sem = NamedSemaphore.create(name, 2)) {
            sem.post();
            assertThat(sem.value()).isEqualTo(3);
            assertThat(sem.acquire(0)).isTrue();
            assertThat(sem.acquire(0)).isTrue();
            assertThat(sem.acquire(0)).isTrue();
            assertThat(sem.value()).isZero();
        }
    }

    @Test
    void anAcquireOfAnEmptySemaphoreTimesOut() throws Exception {
        try (NamedSemaphore sem = NamedSemaphore.create(name, 0)) {
            long start = System.nanoTime();
            assertThat(sem.acquire(TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
        }
    }

    /** The waiter is seen asleep in the kernel (from /proc) before the post, so the post is what wakes it. */
    @Test
    void aPostFromAnotherHandleWakesAWaiterAsleepInTheKernel() throws Exception {
        try (NamedSemaphore waiter = NamedSemaphore.create(name, 0); NamedSemaphore poster = NamedSemaphore.open(name)) {
            int[] tid = {0};
            var acquired = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                tid[0] = Libc.gettid();
                try {
                    waiter.acquire();
                    return true;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, command -> Thread.ofPlatform().start(command));
            Path status = awaitTid(tid);
            while (!Files.readAllLines(status).contains("State:\tS (sleeping)")) {
                Thread.onSpinWait();
            }
            assertThat(acquired).as("still waiting while asleep").isNotDone();
            poster.post();
            assertThat(acquired.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Path awaitTid(int[] tid) {
        while (tid[0] == 0) {
            Thread.onSpinWait();
        }
        return Path.of("/proc/self/task/" + tid[0] + "/status");
    }

    @Test
    void itIsAFileInDevShmPrivateToItsUser() throws Exception {
        try (NamedSemaphore sem = NamedSemaphore.create(name, 0)) {
            Path file = Path.of("/dev/shm/sem." + name);
            assertThat(file).exists();
            assertThat(Files.getPosixFilePermissions(file)).hasToString("[OWNER_READ, OWNER_WRITE]");
        }
        assertThat(NamedSemaphore.unlink(name)).isTrue();
        assertThat(NamedSemaphore.unlink(name)).isFalse();
    }

    @Test
    void creatingAnExistingOneFailsNamingTheCallTheNameAndTheReason() throws Exception {
        try (NamedSemaphore first = NamedSemaphore.create(name, 0)) {
            assertThatThrownBy(() -> NamedSemaphore.create(name, 0))
                    .isInstanceOf(NativeException.class)
                    .hasMessage("sem_open(/" + name + "): File exists (errno 17)")
                    .extracting(e -> ((NativeException) e).errno()).isEqualTo(Libc.EEXIST);
        }
    }

    @Test
    void openingAMissingOneSaysNoSuchFile() {
        assertThatThrownBy(() -> NamedSemaphore.open(name))
                .hasMessageContaining("sem_open(/" + name + ")")
                .hasMessageContaining("No such file or directory");
    }
}
