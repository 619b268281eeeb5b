package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.child.ChildMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test: no run directory, no semaphore of a run, and no child JVM of a run alive
 * (given two seconds to go, as dying takes a moment).
 */
final class NothingLeftBehind implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!childJvms().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(childJvms()).as("child JVMs of a run still alive").isEmpty();
        assertThat(leftovers()).as("OS objects of a run left behind").isEmpty();
    }

    static List<String> leftovers() throws Exception {
        try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
            return shm.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(RunDirectory.PREFIX) || n.startsWith("sem." + RunContext.OBJECT_PREFIX))
                    .filter(n -> !n.startsWith("sem.ipcpg-test-"))
                    .toList();
        }
    }

    static List<Long> childJvms() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(ChildMain.class.getName())).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }
}
