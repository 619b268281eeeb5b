package dev.ipcplayground.bench;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Verifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every message costs before and after any transport: the producer fills a frame (pattern
 * payload, header, CRC32C) and stamps it; the consumer checks it (CRC, every payload byte) and
 * keeps count in the verifier. Run with the allocation profiler (bench/jmh does): each must
 * allocate 0 bytes per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class FrameBench {

    @Param({"64", "4096"})
    int size;

    Frame frame;
    Verifier verifier;
    long sequence;

    @Setup
    public void setUp() {
        frame = new Frame(size);
        verifier = new Verifier(size);
    }

    /** The producer's side of one message: fill, then stamp the send time (which seals the CRC). */
    @Benchmark
    public Frame fillAndStamp() {
        frame.fillMessage(sequence++, size).stampSendTime(sequence);
        return frame;
    }

    /** The consumer's side: the verifier checks the frame (CRC32C, payload bytes, sequence). */
    @Benchmark
    public boolean fillAndVerify() {
        frame.fillMessage(sequence, size).stampSendTime(sequence);
        sequence++;
        return verifier.accept(frame);
    }
}
