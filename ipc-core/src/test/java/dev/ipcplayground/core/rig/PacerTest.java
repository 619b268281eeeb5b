package dev.ipcplayground.core.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The open-loop schedule: due times fixed from the first message, late messages stamped with when they were due. */
class PacerTest {

    @Test
    void messagesAreDueAtFixedIntervalsFromTheFirst() {
        AtomicLong now = new AtomicLong(1_000_000);
        // 1000/s: one every 1 ms; the clock moves 100 µs per read (the pacer parks for real between
        // reads, up to the time left: a clock of 1 µs a read had it park a thousand times a message)
        Pacer pacer = new Pacer(1000, () -> now.addAndGet(100_000));

        assertThat(pacer.awaitDue(0)).isEqualTo(1_100_000);
        assertThat(pacer.awaitDue(1)).isEqualTo(2_100_000);
        assertThat(pacer.awaitDue(5)).isEqualTo(6_100_000);
        assertThat(now.get()).as("it waited until then").isGreaterThanOrEqualTo(6_100_000);
    }

    @Test
    void aLateMessageIsStampedWithWhenItWasDueNotWhenItLeft() {
        AtomicLong now = new AtomicLong(0);
        Pacer pacer = new Pacer(1_000_000, now::get); // one every microsecond
        assertThat(pacer.awaitDue(0)).isZero();

        now.set(50_000); // a 50 µs stall: messages 1 to 50 are late
        assertThat(pacer.awaitDue(1)).isEqualTo(1_000);
        assertThat(pacer.awaitDue(2)).isEqualTo(2_000);
        assertThat(now.get()).as("late messages do not wait").isEqualTo(50_000);
    }

    @Test
    void theMeasuredPhaseStartsANewScheduleSoTheWarmUpsLatenessIsNotCarriedOver() {
        AtomicLong now = new AtomicLong(0);
        Pacer pacer = new Pacer(1_000_000, () -> now.addAndGet(10)); // one every microsecond; 10 ns per clock read
        pacer.awaitDue(0);
        now.set(300_000_000); // the warm-up fell 300 ms behind (a JVM still compiling)

        pacer.restartAt(1000);
        long first = pacer.awaitDue(1000);
        assertThat(first).as("due now, not 299 ms ago").isEqualTo(300_000_010);
        assertThat(pacer.awaitDue(1001)).isEqualTo(first + 1_000);
    }

    @Test
    void aVirtualThreadParksAllTheWayInsteadOfHoldingItsCarrier() throws Exception {
        assertThat(Pacer.spinNanos(Thread.currentThread())).isPositive();
        long[] virtual = {-1};
        Thread.ofVirtual().start(() -> virtual[0] = Pacer.spinNanos(Thread.currentThread())).join();
        assertThat(virtual[0]).isZero();
    }
}
