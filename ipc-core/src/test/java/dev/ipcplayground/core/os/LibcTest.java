package dev.ipcplayground.core.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The bindings every side uses, against the real kernel. */
class LibcTest {

    @Test
    void theRusageLayoutPutsItsFieldsWhereTheKernelWritesThem() {
        assertThat(new long[] {Libc.RU_UTIME, Libc.RU_STIME, Libc.RU_NVCSW, Libc.RU_NIVCSW, Libc.RUSAGE_BYTES})
                .containsExactly(0, 16, 128, 136, 144);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(Libc.RUSAGE);
            assertThat(Libc.getrusage(Libc.RUSAGE_THREAD, usage)).isZero();
            long cpu = 0;
            for (int i = 0; i < 20_000_000; i++) {
                cpu += i % 7; // burn a little CPU on this thread
            }
            assertThat(cpu).isPositive();
            Libc.getrusage(Libc.RUSAGE_THREAD, usage);
            assertThat(Libc.timevalNanos(usage, Libc.RU_UTIME) + Libc.timevalNanos(usage, Libc.RU_STIME)).isPositive();
        }
    }

    @Test
    void aThreadCanBePinnedAndReadsItsPlacementBack() throws Exception {
        BitSet before = Libc.affinity(0);
        try {
            Libc.pinCallingThread(0);
            assertThat(Libc.affinity(0).stream().toArray()).containsExactly(0);
        } finally {
            Libc.setAffinity(0, before);
        }
        assertThat(Libc.affinity(0)).isEqualTo(before);
    }

    @Test
    void bytesWrittenIntoAPipeAreReadBackAndAClosedWriterIsEndOfFile() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            assertThat(Libc.pipe2(fds, Libc.O_CLOEXEC)).isZero();
            int in = fds.getAtIndex(ValueLayout.JAVA_INT, 0), out = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
            MemorySegment hello = arena.allocateFrom("hello"), got = arena.allocate(16);
            assertThat(Libc.write(out, hello, 5)).isEqualTo(5);
            assertThat(Libc.read(in, got, 16)).isEqualTo(5);
            assertThat(got.getString(0)).isEqualTo("hello");
            Libc.close(out);
            assertThat(Libc.read(in, got, 16)).as("end of file").isZero();
            Libc.close(in);
        }
    }
}
