package dev.ipcplayground.core.rig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.rig.FaultyEndpoint.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The two rigs over a test-only channel: what they measure, and that every kind of fault is caught. */
class RigTest {

    private static final int SIZE = 32;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static RunSpec spec(Mode mode) {
        return new RunSpec("test", mode, SIZE, 500, 100, Duration.ofSeconds(10), Duration.ZERO, Pin.NONE, Map.of());
    }

    private SideResult[] run(RunSpec spec, InMemoryChannel channel, Fault fault, long victim, int byteIndex)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        var consumer = CompletableFuture.supplyAsync(() -> call(() -> new ConsumerRig(spec, channel.consumer()).run()), threads);
        var producerEnd = fault == null ? channel.producer() : new FaultyEndpoint(channel.producer(), fault, victim, byteIndex);
        var producer = CompletableFuture.supplyAsync(() -> call(() -> new ProducerRig(spec, producerEnd).run()), threads);
        return new SideResult[] {producer.get(20, TimeUnit.SECONDS), consumer.get(20, TimeUnit.SECONDS)};
    }

    @Test
    void pingPongRecordsOneRoundTripPerMeasuredMessage() throws Exception {
        SideResult[] results = run(spec(Mode.PINGPONG), new InMemoryChannel(), null, 0, 0);

        assertThat(results[0].histogram().getTotalCount()).isEqualTo(500);
        assertThat(results[0].messages()).isEqualTo(500);
        assertThat(results[1].histogram()).isNull();
        assertThat(results[1].verification().clean()).isTrue();
        assertThat(results[1].verification().received()).isEqualTo(600);
    }

    @Test
    void aStreamRecordsOneWayLatencyOnTheConsumer() throws Exception {
        SideResult[] results = run(spec(Mode.STREAM), new InMemoryChannel(), null, 0, 0);

        assertThat(results[0].histogram()).isNull();
        assertThat(results[1].histogram().getTotalCount()).isEqualTo(500);
        assertThat(results[1].verification().clean()).isTrue();
        assertThat(results[1].elapsedNanos()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyKindOfFaultInAStreamIsCaughtAndNamed(Fault fault) throws Exception {
        SideResult[] results = run(spec(Mode.STREAM), new InMemoryChannel(), fault, 250, Frame.HEADER_BYTES + 5);

        Verification v = results[1].verification();
        assertThat(v.clean()).isFalse();
        String expected = switch (fault) {
            case FLIP_BYTE -> "1 lost, 1 corrupt"; // the damaged one never arrived intact
            case DROP -> "1 lost";
            case DUPLICATE -> "1 duplicated";
            case SWAP_WITH_NEXT -> "1 reordered";
        };
        assertThat(v.problems()).startsWith(expected).contains("message 25");
    }

    @Test
    void aFlippedByteInPingPongIsCaughtByTheConsumer() throws Exception {
        SideResult[] results = run(spec(Mode.PINGPONG), new InMemoryChannel(), Fault.FLIP_BYTE, 7, 30);

        assertThat(results[1].verification().corrupt()).isEqualTo(1);
    }

    /** Both rigs with a compiler of the test's own on each side, and a given warm-up. */
    private SideResult[] runWithCompilers(RunSpec spec, JitWatch.Compiler producerJit, JitWatch.Compiler consumerJit)
            throws Exception {
        return runWithCompilers(spec, System::nanoTime, producerJit, consumerJit);
    }

    private SideResult[] runWithCompilers(RunSpec spec, LongSupplier producerClock, JitWatch.Compiler producerJit,
            JitWatch.Compiler consumerJit) throws Exception {
        InMemoryChannel channel = new InMemoryChannel();
        var consumer = CompletableFuture.supplyAsync(() -> call(() -> new ConsumerRig(spec, channel.consumer(), System::nanoTime,
                new CostMeter(), new JitWatch(consumerJit)).run()), threads);
        var producer = CompletableFuture.supplyAsync(() -> call(() -> new ProducerRig(spec, channel.producer(), producerClock,
                new CostMeter(), new JitWatch(producerJit)).run()), threads);
        return new SideResult[] {producer.get(20, TimeUnit.SECONDS), consumer.get(20, TimeUnit.SECONDS)};
    }

    private static RunSpec autoWarmup(Mode mode) {
        return new RunSpec("test", mode, SIZE, 500, RunSpec.AUTO_WARMUP, Duration.ofSeconds(10), Duration.ZERO, Pin.NONE, Map.of());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"PINGPONG", "STREAM"})
    void anAutomaticWarmupLastsUntilTheConsumersJitIsQuietTooAndBothSidesAgreeWhereMeasuringStarts(Mode mode) throws Exception {
        // The consumer compiles for 600 ms from the producer's first look at its clock, which is
        // where its warm-up starts: a window that began earlier (at the test's start, say) would
        // be partly spent before the producer's warm-up is timed.
        AtomicLong warmupStarted = new AtomicLong();
        LongSupplier producerClock = () -> {
            long now = System.nanoTime();
            warmupStarted.compareAndSet(0, now);
            return now;
        };
        JitWatchTest.FakeCompiler producerJit = new JitWatchTest.FakeCompiler();
        JitWatchTest.FakeCompiler consumerJit = new JitWatchTest.FakeCompiler() {
            @Override
            public boolean idle() {
                long started = warmupStarted.get();
                return started != 0 && System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(600);
            }
        };
        SideResult[] results = runWithCompilers(autoWarmup(mode), producerClock, producerJit, consumerJit);

        Warmup.Result producer = results[0].warmup(), consumer = results[1].warmup();
        assertThat(producer.end()).isEqualTo(Warmup.End.QUIET);
        assertThat(consumer.end()).isEqualTo(Warmup.End.QUIET);
        assertThat(producer.nanos()).as("the consumer compiled for 600 ms").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
        assertThat(producer.messages()).isGreaterThanOrEqualTo(Warmup.FLOOR_MESSAGES).isEqualTo(consumer.messages());
        assertThat(results[1].verification().received()).isEqualTo(producer.messages() + 500);
        assertThat(results[1].verification().clean()).isTrue();
        SideResult timer = mode == Mode.PINGPONG ? results[0] : results[1];
        assertThat(timer.histogram().getTotalCount()).as("only the measured messages are recorded").isEqualTo(500);
    }

    @Test
    void aJitThatNeverGoesQuietIsCutOffAtTheCeiling() throws Exception {
        JitWatchTest.FakeCompiler busy = new JitWatchTest.FakeCompiler();
        busy.idle = false;
        SideResult[] results = runWithCompilers(autoWarmup(Mode.PINGPONG), busy, new JitWatchTest.FakeCompiler());

        assertThat(results[0].warmup().end()).isEqualTo(Warmup.End.LIMIT);
        assertThat(results[0].warmup().nanos()).isBetween(Warmup.CEILING_NANOS, Warmup.CEILING_NANOS + TimeUnit.SECONDS.toNanos(2));
        assertThat(results[0].histogram().getTotalCount()).isEqualTo(500);
    }

    @Test
    void compilationDuringTheMeasuredPhaseIsCountedOnEachSide() throws Exception {
        JitWatchTest.FakeCompiler compilingAtEveryLook = new JitWatchTest.FakeCompiler() {
            @Override
            public long totalMillis() {
                return millis += 7; // 7 ms more each time it is asked: before and after the measured phase
            }
        };
        SideResult[] results = runWithCompilers(spec(Mode.PINGPONG), compilingAtEveryLook, new JitWatchTest.FakeCompiler());

        assertThat(results[0].warmup().jitMillisWhileMeasuring()).isEqualTo(7);
        assertThat(results[1].warmup().jitMillisWhileMeasuring()).isZero();
        assertThat(results[0].warmup().end()).isEqualTo(Warmup.End.COUNT);
        assertThat(results[0].warmup().messages()).isEqualTo(100);
    }

    private interface Body<T> {
        T run() throws Exception;
    }

    private static <T> T call(Body<T> body) {
        try {
            return body.run();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
