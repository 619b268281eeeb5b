package dev.ipcplayground.inproc;

import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.child.ChildMain;
import dev.ipcplayground.core.rig.ProducerRig;
import dev.ipcplayground.core.rig.SideResult;
import java.util.List;

/**
 * The study note's generator, in Java: one thread, the producer resumes the consumer directly and
 * gets the reply back, with no scheduler and no lock in between.
 *
 * <p>The consumer runs inside a {@link Continuation}, the JDK's own coroutine (virtual threads are
 * built on it). {@code consumer.run()} is Python's {@code c.send(n)}: it resumes the consumer
 * where it stopped; {@code Continuation.yield(SCOPE)} is the consumer's {@code yield}: it suspends
 * the consumer (its frames are saved to the heap) and returns to the producer. See {@link Generator}. The switch is a
 * few hundred nanoseconds of copying stack frames, in user space, on one kernel thread: no system
 * call, no sleep, no context switch. Both sides are measured on the same thread, so both lines of
 * the cost table show that thread.
 */
public final class CoroutineTransport extends OneJvm {

    @Override
    public String name() {
        return "coroutine";
    }

    @Override
    public String description() {
        return "one thread: the producer resumes the consumer, a JDK "
                + "continuation, which yields back (the study note's generator)";
    }

    /** The JDK keeps its continuations internal; the child may use them. */
    @Override
    public List<String> childJvmOptions() {
        return List.of("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED");
    }

    @Override
    public Results runBoth(RunContext run) throws Exception {
        run.spec().pin().pinMessagingThread(Role.PRODUCER); // one thread is both sides: CPU 0 when pinned
        Generator consumer = new Generator(run);
        ChildMain.startWithAnEmptyHeap();
        if (!run.spec().fanIn()) {
            SideResult producer = new ProducerRig(run, consumer.producerEnd(0)).run();
            return new Results(producer, consumer.result());
        }
        // Several producers: each a coroutine, taking turns with the others on this one thread.
        List<SideResult> producers = consumer.runProducers(run.spec().producers(), (end, index) -> new ProducerRig(run, end, index).run());
        return new Results(producers, consumer.result());
    }

    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return ManyProducers.as("a coroutine per producer, taking turns on the one thread: each resumes the consumer with its"
                + " message, then yields to the next");
    }

    @Override
    public boolean oneKernelThread() {
        return true;
    }
}
