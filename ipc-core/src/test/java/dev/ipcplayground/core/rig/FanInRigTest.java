package dev.ipcplayground.core.rig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.rig.FaultyEndpoint.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many producers, one consumer, over a test-only channel that does what a many-writer transport
 * does ({@link InMemoryChannel} with several producers). The rigs must verify each producer's own
 * sequence and answer each producer alone.
 */
@Timeout(60)
class FanInRigTest {

    private static final int PRODUCERS = 3, SIZE = 32;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static RunSpec spec(Mode mode) {
        return new RunSpec("test", mode, SIZE, 1000, 100, Duration.ofSeconds(10), Duration.ZERO, Pin.NONE, Map.of(),
                mode == Mode.RATE ? 30_000 : 0, false, PRODUCERS, Duration.ZERO);
    }

    /** Runs the consumer and every producer; producer {@code victim}'s end is faulty when {@code fault} is given. */
    private List<SideResult> run(RunSpec spec, Fault fault, int victim) throws Exception {
        InMemoryChannel channel = new InMemoryChannel(spec.producers());
        var consumer = CompletableFuture.supplyAsync(() -> call(() -> new ConsumerRig(spec, channel.consumer()).run()), threads);
        List<CompletableFuture<SideResult>> producers = new ArrayList<>();
        for (int i = 0; i < spec.producers(); i++) {
            int index = i;
            Endpoint end = fault != null && i == victim ? new FaultyEndpoint(channel.producer(i), fault, 150, 0) : channel.producer(i);
            producers.add(CompletableFuture.supplyAsync(() -> call(() -> new ProducerRig(spec, index, end, System::nanoTime,
                    new CostMeter(), new JitWatch(JitWatch.hotSpot())).run()), threads));
        }
        List<SideResult> results = new ArrayList<>();
        for (var producer : producers) {
            results.add(producer.get(30, TimeUnit.SECONDS));
        }
        results.add(consumer.get(30, TimeUnit.SECONDS));
        return results;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyProducerSendsItsShareAndTheConsumerVerifiesEachOne(Mode mode) throws Exception {
        RunSpec spec = spec(mode);
        List<SideResult> results = run(spec, null, -1);

        SideResult consumer = results.getLast();
        assertThat(consumer.verification().clean()).as(consumer.verification().problems()).isTrue();
        assertThat(consumer.verification().received()).isEqualTo(1000 + PRODUCERS * 100); // each producer warms up 100
        assertThat(consumer.messages()).isEqualTo(1000);
        for (int i = 0; i < PRODUCERS; i++) {
            assertThat(results.get(i).index()).isEqualTo(i);
            assertThat(results.get(i).messages()).isEqualTo(spec.countOf(i));
        }
        assertThat(spec.countOf(0)).isEqualTo(334); // 1000 over 3: the first one more
        if (mode == Mode.PINGPONG) {
            long roundTrips = results.subList(0, PRODUCERS).stream().mapToLong(r -> r.histogram().getTotalCount()).sum();
            assertThat(roundTrips).isEqualTo(1000);
        } else {
            assertThat(consumer.histogram().getTotalCount()).isEqualTo(1000);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"DROP", "DUPLICATE", "SWAP_WITH_NEXT", "FLIP_BYTE"})
    void aFaultInOneProducersMessagesIsNamedWithThatProducer(Fault fault) throws Exception {
        List<SideResult> results = run(spec(Mode.STREAM), fault, 2);

        Verification v = results.getLast().verification();
        assertThat(v.clean()).isFalse();
        assertThat(v.firstProblem()).startsWith("producer 2's message");
    }

    @Test
    void aFrameNamingAProducerTheRunDoesNotHaveEndsTheRun() throws Exception {
        InMemoryChannel channel = new InMemoryChannel(PRODUCERS);
        RunSpec spec = spec(Mode.STREAM);
        var consumer = CompletableFuture.supplyAsync(() -> call(() -> new ConsumerRig(spec, channel.consumer()).run()), threads);
        Frame stranger = new Frame(SIZE).forProducer(7).fillMessage(0, SIZE);
        stranger.stampSendTime(System.nanoTime());
        channel.producer(0).send(stranger);

        assertThat(consumer).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .withMessageContaining("names producer 7, and the run has 3");
    }

    @Test
    void aReplyIsForTheProducerItNames() {
        Frame reply = new Frame(Frame.REPLY_PAYLOAD_BYTES).forProducer(2).fillReply(17, 0);
        assertThat(reply.producer()).isEqualTo(2);
        assertThat(reply.sequence()).isEqualTo(17);
        Frame asProducer2 = new Frame(Frame.REPLY_PAYLOAD_BYTES).forProducer(2);
        System.arraycopy(reply.bytes(), 0, asProducer2.bytes(), 0, reply.length());
        assertThat(asProducer2.isReplyTo(17)).isTrue();
        Frame asProducer1 = new Frame(Frame.REPLY_PAYLOAD_BYTES).forProducer(1);
        System.arraycopy(reply.bytes(), 0, asProducer1.bytes(), 0, reply.length());
        assertThat(asProducer1.isReplyTo(17)).isFalse();
    }

    @Test
    void aControlFrameKeepsItsNegativeSequenceBesideTheProducer() {
        Frame end = new Frame(8).forProducer(65_535).fillEnd(42);
        assertThat(end.sequence()).isEqualTo(Frame.END);
        assertThat(end.producer()).isEqualTo(65_535);
        assertThat(end.isEnd()).isTrue();
        assertThat(end.endCount()).isEqualTo(42);
    }

    private static <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
