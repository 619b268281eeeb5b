package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunFile;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.rig.ConsumerRig;
import dev.ipcplayground.core.rig.SideResult;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A run whose consumer is on another host: {@code launcher serve --transport tcp --listen
 * 0.0.0.0:7000} there, {@code launcher --transport tcp --connect THAT-HOST:7000} here.
 *
 * <p>The exchange is the same as on loopback, with one control message on each end of it: each
 * producer first sends a {@link Frame#HELLO} carrying the run's spec (so the serving side knows
 * the size, mode and counts, and how many producers to wait for), and after the end markers the
 * consumer sends producer 0 a {@link Frame#RESULT} carrying its measurements, which it writes where
 * a local consumer would have ({@code consumer.result.json} in the run directory). The report is
 * then built as for any run.
 *
 * <p>With {@code --producers N} each producer connects and says hello; the hellos name the run
 * (its host and its id), so producers of another run that come meanwhile fail the run rather than
 * join it. Once all N have come, the consumer stops listening and serves them as a loopback
 * consumer of many does: every channel on its one event loop.
 *
 * <p>Latency across hosts is still measured on one clock: ping-pong round trips are timed by the
 * producer alone. A stream's one-way latency compares the producer's send time with the
 * consumer's clock, so across hosts it is only as good as their clocks' agreement (the report
 * says so in its facts).
 */
final class RemoteRuns {

    /** The largest control message: a run's spec, or a result with its latency histogram. */
    static final int CONTROL_MAX = 1 << 20;

    private RemoteRuns() {}

    /**
     * What a producer says first: which run it belongs to (its launcher's host and the run's
     * object prefix, the same for every producer of one run), which producer it is, and the spec.
     */
    record Hello(String run, int producer, RunSpec spec) {

        static Hello of(RunContext run, int producer) {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "?";
            }
            return new Hello(host + "/" + run.objectName("run"), producer, run.spec());
        }

        /**
         * The hello in {@code frame}, or an error saying why it is not one: whatever reaches the
         * port, a run's settings must be whole and possible before serve acts on them.
         */
        static Hello read(Frame frame) throws IOException {
            Hello hello;
            try {
                hello = Json.MAPPER.readValue(frame.controlPayload(Frame.HELLO), Hello.class);
            } catch (IOException e) {
                throw new IOException("the first frame is not a hello: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
            String problem = problem(hello);
            if (problem != null) {
                throw new IOException("the hello is not a run's: " + problem);
            }
            return hello;
        }

        private static String problem(Hello hello) {
            RunSpec spec = hello.spec();
            if (hello.run() == null || spec == null) {
                return "it names no run";
            }
            if (spec.mode() == null || spec.timeout() == null || spec.duration() == null || spec.pin() == null) {
                return "its settings are incomplete";
            }
            if (spec.payloadSize() < 0 || spec.payloadSize() > Frame.MAX_PAYLOAD) {
                return "a payload of " + spec.payloadSize() + " bytes (0 to " + Frame.MAX_PAYLOAD + ")";
            }
            if (spec.count() < 1 && !spec.soak() || spec.producers() > RunSpec.MAX_PRODUCERS) {
                return spec.count() + " messages from " + spec.producers() + " producers (at least 1, from at most "
                        + RunSpec.MAX_PRODUCERS + ")";
            }
            if (spec.timeout().isNegative() || spec.timeout().isZero() || hello.producer() < 0 || hello.producer() >= spec.producers()) {
                return "a --timeout of " + spec.timeout() + ", producer " + hello.producer() + " of " + spec.producers();
            }
            return null;
        }
    }

    /** Producer side: connects, says hello with the spec, and returns the endpoint for the rig. */
    static Endpoint start(RunContext run, int producer, HostPort consumer) throws IOException {
        RunSpec spec = run.spec();
        NettyEndpoint connection = TcpTransport.connect(TcpTransport.io(spec),
                Math.max(Frame.largestFrame(spec.payloadSize()), CONTROL_MAX), consumer);
        byte[] hello = Json.MAPPER.writeValueAsBytes(Hello.of(run, producer));
        connection.send(new Frame(hello.length).forProducer(producer).fillControl(Frame.HELLO, hello));
        return new ProducerEnd(connection, run, where(consumer), producer == 0);
    }

    /** "at 10.0.0.2:7000", or "on this host, at 127.0.0.1:7000" for a loopback address (not another host at all). */
    static String where(HostPort consumer) {
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(consumer.host()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            loopback = false;
        }
        return (loopback ? "on this host, at " : "at ") + consumer;
    }

    /** The producer's endpoint: the connection, plus the consumer's result fetched at the end. */
    private static final class ProducerEnd implements Endpoint {
        private final NettyEndpoint connection;
        private final RunContext run;
        private final String where;
        /** Producer 0 brings the consumer's result back; the others just close. */
        private final boolean fetchesResult;
        private boolean ended;

        ProducerEnd(NettyEndpoint connection, RunContext run, String where, boolean fetchesResult) {
            this.connection = connection;
            this.run = run;
            this.where = where;
            this.fetchesResult = fetchesResult;
        }

        @Override
        public void send(Frame frame) throws IOException {
            connection.send(frame);
            ended = frame.sequence() == Frame.END;
        }

        @Override
        public void receive(Frame frame) throws IOException {
            connection.receive(frame);
        }

        @Override
        public Map<String, String> facts() {
            Map<String, String> facts = new java.util.TreeMap<>(connection.facts());
            facts.put("consumer", run.spec().mode() == Mode.PINGPONG
                    ? "launcher serve " + where + "; round trips timed by this host's clock alone"
                    : "launcher serve " + where + (where.startsWith("on this host")
                            ? "; one-way latencies on this host's one clock" : "; one-way latencies there compare two hosts' clocks"));
            return facts;
        }

        /** After the end marker: the consumer's result, written where the launcher looks for it. */
        @Override
        public void close() throws IOException {
            try {
                if (ended && fetchesResult) {
                    Frame result = new Frame(CONTROL_MAX);
                    connection.receive(result);
                    RunFile.RESULT.write(run, Role.CONSUMER, result.controlPayload(Frame.RESULT));
                }
            } finally {
                connection.close();
            }
        }
    }

    /** Serving side: one run after another, each on a fresh listening socket at the same address. */
    static void serve(NettyIo io, HostPort address, long runs, PrintStream log) throws IOException {
        InetSocketAddress at = new InetSocketAddress(address.host(), address.port());
        for (long served = 0; runs == 0 || served < runs; served++) {
            // Not being able to listen ends serve (the address is wrong or taken); a failed run does not.
            NettyEndpoint connection = TcpTransport.listenServed(io, Frame.largestFrame(Frame.MAX_PAYLOAD), at);
            if (served == 0) { // listening now: a producer may come
                log.println(now() + " serving tcp runs on " + address + " (--io " + io.key() + "); Ctrl-C stops");
            }
            try (connection) {
                serveOne(connection, log);
            } catch (IOException e) {
                log.println(now() + " the run failed: " + e.getMessage());
            } catch (RuntimeException e) { // what reaches a port must never stop serving: said, and serving goes on
                log.println(now() + " the run failed, on a fault of serve's own: " + e);
            }
        }
        log.println(now() + " served " + runs + " run" + (runs == 1 ? "" : "s") + " (--runs " + runs + "); stopping");
    }

    /** How long a connection may take to say hello: a producer says it at once, a silent one is dropped. */
    static final Duration HELLO_WITHIN = Duration.ofSeconds(5);

    private static void serveOne(NettyEndpoint connection, PrintStream log) throws IOException {
        Hello first = Hello.read(connection.hellos(1, Duration.ofDays(36_500), HELLO_WITHIN).getFirst());
        RunSpec spec = first.spec();
        String peer = connection.facts().getOrDefault("peer-address", "?");
        log.println(now() + " run from " + peer + ": " + spec.mode().key() + ", "
                + (spec.fanIn() ? spec.producers() + " producers, " : "") + spec.payloadSize() + "-byte payloads, "
                + (spec.soak() ? spec.duration().toSeconds() + " s" : spec.count() + " messages") + " after " + (spec.warmup() == RunSpec.AUTO_WARMUP ? "a warm-up until the JIT is quiet" : spec.warmup() + " warm-up"));
        java.util.Set<Integer> producers = new java.util.HashSet<>();
        for (Frame frame : connection.hellos(spec.producers(), spec.timeout(), HELLO_WITHIN)) {
            Hello hello = Hello.read(frame);
            if (!hello.run().equals(first.run())) {
                throw new IOException("a producer of another run (" + hello.run() + ") came while " + first.run()
                        + " gathered its " + spec.producers());
            }
            if (hello.producer() < 0 || hello.producer() >= spec.producers() || !producers.add(hello.producer())) {
                throw new IOException("producer " + hello.producer() + " said hello twice, or is not one of the run's "
                        + spec.producers());
            }
        }
        connection.expect(spec.producers());
        SideResult result = new ConsumerRig(spec, connection).run();
        byte[] json = Json.MAPPER.writeValueAsBytes(result);
        connection.send(new Frame(json.length).forProducer(0).fillControl(Frame.RESULT, json));
        log.println(now() + " done: " + result.verification().received() + " received, "
                + (result.verification().clean() ? "every one intact" : "FAULTY: " + result.verification().problems()));
    }

    private static String now() {
        return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME);
    }
}
