package dev.ipcplayground.fifo;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.FdStreamEndpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.InterProcessTransport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Named pipes: a pipe with a name in the file system, made by {@code mkfifo(3)}.
 *
 * <p>In the kernel a FIFO is exactly a pipe (the same buffer, the same {@code read} and
 * {@code write}); the file is only a meeting point. So, unlike the anonymous pipe, two unrelated
 * processes can share one: the launcher makes two FIFOs in the run directory, mode 0600,
 * {@value #REQUESTS} and {@value #REPLIES}, and starts both sides; each opens them by path.
 */
public final class FifoTransport implements InterProcessTransport {

    static final String REQUESTS = "requests.fifo", REPLIES = "replies.fifo";

    @Override
    public String name() {
        return "fifo";
    }

    @Override
    public String description() {
        return "named pipes (mkfifo(3)): two FIFOs in the run directory, opened by path by unrelated processes";
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return Frame.MAX_PAYLOAD; // a byte stream, like the pipe: any length
    }

    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return FdStreamEndpoint.manyWriters(spec, "FIFO", "one requests FIFO that every producer writes, each frame in one write of at most PIPE_BUF"
                + " bytes; a replies FIFO per producer");
    }

    @Override
    public void prepare(RunContext run) throws IOException {
        Fifo.make(run.file(REQUESTS), 0600);
        for (int p = 0; p < run.spec().producers(); p++) {
            Fifo.make(run.file(replies(p)), 0600);
        }
    }

    /** Producer {@code producer}'s replies FIFO: {@value #REPLIES} for the first, as in a run of one. */
    static String replies(int producer) {
        return producer == 0 ? REPLIES : "replies-" + producer + ".fifo";
    }

    /*
     * Opening a FIFO blocks until the other end is opened too: a reader waits for a writer and
     * the other way round. Both sides therefore open in the same order (requests, then replies),
     * or each would wait for the other forever. And they open on first use, not here: the
     * consumer must report ready before the launcher starts the producer it would wait for.
     */
    @Override
    public Endpoint openConsumer(RunContext run) {
        List<Path> replies = IntStream.range(0, run.spec().producers()).mapToObj(p -> run.file(replies(p))).toList();
        return FifoEndpoint.consumer(run.file(REQUESTS), replies, run.spec().timeout(),
                run.spec().fanIn() ? "the producers" : "the producer");
    }

    @Override
    public Endpoint openProducer(RunContext run, int producer) {
        return FifoEndpoint.producer(run.file(replies(producer)), run.file(REQUESTS), run.spec().timeout(), "the consumer");
    }

}
