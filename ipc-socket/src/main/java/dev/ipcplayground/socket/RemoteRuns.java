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
 * <p>The exchange is the same as on loopback, with a handshake before it and one control message
 * after it. Serve sends each connection a {@link Frame#CHALLENGE}; the producer answers with a
 * {@link Frame#HELLO} carrying the run's spec (so the serving side knows the size, mode and
 * counts, and how many producers to wait for) and its proof of the secret ({@link Secret}); serve
 * answers with a {@link Frame#VERDICT}: refused and why, or go. After the end markers the consumer
 * sends producer 0 a {@link Frame#RESULT} carrying its measurements, which it writes where a local
 * consumer would have ({@code consumer.result.json} in the run directory). The report is then
 * built as for any run.
 *
 * <p>With {@code --producers N} each producer connects and says hello; the hellos name the run
 * (its host and its id), so a producer of another run that comes meanwhile is refused rather than
 * joining it. Once all N have come, each is told to go, and the consumer serves them as a loopback
 * consumer of many does: every channel on its one event loop ({@link ServeGate}).
 *
 * <p>Latency across hosts is still measured on one clock: ping-pong round trips are timed by the
 * producer alone. A stream's one-way latency compares the producer's send time with the
 * consumer's clock, so across hosts it is only as good as their clocks' agreement (the report
 * says so in its facts).
 */
final class RemoteRuns {

    /** The largest control message: a run's spec, or a result with its latency histogram. */
    static final int CONTROL_MAX = 1 << 20;
    /** The longest refusal a producer prints: serve's are one line. */
    static final int VERDICT_MAX = 1024;

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
            // What only the producer's host needs stays there: where serve is, and where its secret is kept.
            Map<String, String> settings = new java.util.TreeMap<>(run.spec().settings());
            settings.keySet().removeAll(java.util.Set.of(TcpTransport.CONNECT.name(), TcpTransport.SECRET_FILE.name()));
            return new Hello(host + "/" + run.objectName("run"), producer, run.spec().withSettings(settings));
        }

        /**
         * The hello in {@code frame}, answering {@code challenge}, or an error saying why it is not
         * one: whatever reaches the port, the proof must hold (if serve has a {@code secret}) and a
         * run's settings must be whole and possible before serve acts on them.
         */
        static Hello read(Frame frame, byte[] challenge, Secret secret) throws IOException {
            byte[] payload;
            try {
                payload = frame.controlPayload(Frame.HELLO);
            } catch (IOException e) {
                throw new IOException("the first frame is not a hello: " + e.getMessage(), e);
            }
            if (payload.length < Secret.PROOF_BYTES) {
                throw new IOException("the hello is " + payload.length + " bytes, too short to hold a proof of "
                        + Secret.PROOF_BYTES);
            }
            byte[] proof = java.util.Arrays.copyOf(payload, Secret.PROOF_BYTES);
            byte[] json = java.util.Arrays.copyOfRange(payload, Secret.PROOF_BYTES, payload.length);
            if (secret != null && !secret.proves(proof, challenge, json)) {
                throw new IOException(java.util.Arrays.equals(proof, new byte[Secret.PROOF_BYTES])
                        ? "this serve has a --secret-file, and the producer gave none"
                        : "the producer's --secret-file is not serve's (its proof does not match)");
            }
            Hello hello;
            try {
                hello = Json.MAPPER.readValue(json, Hello.class);
            } catch (IOException e) {
                throw new IOException("the hello is not a run's: " + e.getMessage().lines().findFirst().orElse(""), e);
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

    /**
     * Producer side: connects, answers serve's challenge with the hello, and returns the endpoint
     * for the rig once serve says go; a refusal is an error carrying serve's reason.
     */
    static Endpoint start(RunContext run, int producer, HostPort consumer) throws IOException {
        RunSpec spec = run.spec();
        String secretFile = TcpTransport.SECRET_FILE.valueIn(spec);
        Secret secret = secretFile == null ? null : Secret.read(java.nio.file.Path.of(secretFile));
        NettyEndpoint connection = TcpTransport.connect(TcpTransport.io(spec),
                Math.max(Frame.largestFrame(spec.payloadSize()), CONTROL_MAX), consumer);
        try {
            Frame received = new Frame(VERDICT_MAX);
            connection.receive(received, ServeGate.HELLO_WITHIN, "challenge");
            byte[] challenge = answer(received, Frame.CHALLENGE, consumer);
            byte[] hello = Json.MAPPER.writeValueAsBytes(Hello.of(run, producer));
            byte[] proof = secret == null ? new byte[Secret.PROOF_BYTES] : secret.proof(challenge, hello);
            byte[] signed = java.nio.ByteBuffer.allocate(proof.length + hello.length).put(proof).put(hello).array();
            connection.send(new Frame(signed.length).forProducer(producer).fillControl(Frame.HELLO, signed));
            // Serve answers when all the run's producers have come: within the run's --timeout.
            connection.receive(received, spec.timeout().plus(ServeGate.HELLO_WITHIN), "answer to its hello");
            String refusal = printable(answer(received, Frame.VERDICT, consumer));
            if (!refusal.isEmpty()) {
                throw new IOException("launcher serve " + where(consumer) + " refused the run: " + refusal);
            }
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        return new ProducerEnd(connection, run, where(consumer), producer == 0);
    }

    /** The payload of serve's control frame {@code control}, or an error saying that what answered is no serve of this kind. */
    private static byte[] answer(Frame frame, long control, HostPort consumer) throws IOException {
        try {
            return frame.controlPayload(control);
        } catch (IOException e) {
            throw new IOException("what answers at " + consumer + " is not a launcher serve of this version: " + e.getMessage(), e);
        }
    }

    /** Text from the network, safe to print on one line: control characters become '?'. */
    static String printable(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
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
                    byte[] json = result.controlPayload(Frame.RESULT);
                    SideResult.read(json, "launcher serve " + where); // from another host: checked before the launcher reads it
                    RunFile.RESULT.write(run, Role.CONSUMER, json);
                }
            } finally {
                connection.close();
            }
        }
    }

    /**
     * Serving side: one run after another, through one listening socket ({@link ServeGate}).
     * Only what the gate checked reaches a run; a run that fails is logged, and serving goes on.
     */
    static void serve(NettyIo io, HostPort address, Secret secret, long runs, PrintStream log) throws IOException {
        // Not being able to listen ends serve (the address is wrong or taken); a failed run does not.
        try (ServeGate gate = ServeGate.open(io, new InetSocketAddress(address.host(), address.port()), secret, log)) {
            log.println(now() + " serving tcp runs on " + address + " (--io " + io.key() + "); Ctrl-C stops");
            if (secret == null) {
                log.println(now() + " no --secret-file: anyone who reaches " + address + " can run here");
            }
            for (long served = 0; runs == 0 || served < runs; served++) {
                ServeGate.Gathering next = gate.nextRun();
                NettyEndpoint connection = gate.adopt(next, Frame.largestFrame(next.first().spec().payloadSize()));
                try {
                    serveOne(connection, next.first().spec(), log);
                } catch (IOException e) {
                    log.println(now() + " the run failed: " + e.getMessage());
                } catch (RuntimeException e) { // what reaches a port must never stop serving: said, and serving goes on
                    log.println(now() + " the run failed, on a fault of serve's own: " + e);
                } finally {
                    gate.ended(); // first: a producer coming as this run's connections close is the next run's
                    connection.close();
                }
            }
        }
        log.println(now() + " served " + runs + " run" + (runs == 1 ? "" : "s") + " (--runs " + runs + "); stopping");
    }

    /** "ping-pong, 64-byte payloads, 10000 messages after a warm-up until the JIT is quiet": what a hello asks for. */
    static String describe(RunSpec spec) {
        return spec.mode().key() + ", " + (spec.fanIn() ? spec.producers() + " producers, " : "") + spec.payloadSize()
                + "-byte payloads, " + (spec.soak() ? spec.duration().toSeconds() + " s" : spec.count() + " messages") + " after "
                + (spec.warmup() == RunSpec.AUTO_WARMUP ? "a warm-up until the JIT is quiet" : spec.warmup() + " warm-up");
    }

    private static void serveOne(NettyEndpoint connection, RunSpec spec, PrintStream log) throws IOException {
        SideResult result = new ConsumerRig(spec, connection).run();
        byte[] json = Json.MAPPER.writeValueAsBytes(result);
        connection.send(new Frame(json.length).forProducer(0).fillControl(Frame.RESULT, json));
        log.println(now() + " done: " + result.verification().received() + " received, "
                + (result.verification().clean() ? "every one intact" : "FAULTY: " + result.verification().problems()));
    }

    static String now() {
        return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME);
    }
}
