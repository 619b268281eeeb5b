package dev.ipcplayground.aeron;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.InterProcessTransport;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.TransportOption;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Aeron IPC: each direction a publication on {@code aeron:ipc}, its log buffer a file both
 * processes map, the media driver embedded in the consumer. See the module's README for how a
 * message travels and what it costs.
 */
public final class AeronTransport implements InterProcessTransport {

    @Override
    public String name() {
        return "aeron";
    }

    @Override
    public String description() {
        return "Aeron IPC: a log buffer per direction, mapped by both, its media driver embedded in the consumer "
                + "(--wait spin|hybrid|block, --publish offer|claim, --term-length)";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(AeronSettings.WAIT, AeronSettings.PUBLISH, AeronSettings.TERM_LENGTH);
    }

    /** Beside the copying offer, the claim that writes into the term: the zero-copy way Aeron recommends. */
    @Override
    public List<Map<String, String>> comparedWith() {
        return List.of(Map.of(AeronSettings.PUBLISH.name(), TransportOption.key(AeronSettings.Publish.CLAIM)));
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return AeronSettings.of(spec).maxPayload();
    }

    @Override
    public String limitReason(RunSpec spec) {
        return AeronSettings.of(spec).limitReason();
    }

    /** Agrona 2 reaches for the JDK's own Unsafe (its buffers, Aeron's log buffers). */
    @Override
    public List<String> childJvmOptions() {
        return List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    }

    /**
     * Many producers: one request stream that all of them publish on, each through the same
     * concurrent publication (not exclusive), and one subscription; a reply stream per producer.
     */
    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return ManyProducers.as("one request stream, every producer publishing on it through one concurrent publication"
                + " (an atomic add on the term's tail), one subscription; a reply stream per producer");
    }

    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        return AeronEndpoint.openConsumer(run);
    }

    @Override
    public Endpoint openProducer(RunContext run, int producer) throws IOException {
        return AeronEndpoint.openProducer(run, producer);
    }
}
