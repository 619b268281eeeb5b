package dev.ipcplayground.aeron;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Faults;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One side of an Aeron IPC run: a client of the media driver, a publication on the stream it
 * writes (exclusive with one producer; with many, the concurrent one they share, and the consumer
 * a reply stream per producer) and a subscription on the stream it reads, all on {@code aeron:ipc}.
 *
 * <p>What a message does: {@code offer} (or {@code tryClaim} and {@code commit}) copies the
 * frame into the publication's current term, a region of the log buffer file both processes
 * map, and publishes it by storing the fragment's length last (an ordered store). The reader's
 * {@code poll} reads the next fragment's length in the same mapped term; a positive one means
 * a whole fragment is there: it hands it to our handler, which copies it into the rig's frame,
 * and stores the reader's new position in a counter the driver reads. No system call on either
 * side: the driver is not on the message's path, only on the flow control's ({@link EmbeddedDriver}).
 */
final class AeronEndpoint implements Endpoint {

    private final MediaDriver driver; // null on the side that does not host it
    private final Aeron aeron;
    private final Publication publication;
    /** The publications this side writes: the producer's one; the consumer's reply stream per producer. */
    private final Publication[] publications;
    private final Subscription subscription;
    private final IdleStrategy idle;
    private final AeronSettings.Publish publish;
    private final PeerProcess peer;
    private final Errors errors;

    private final UnsafeBuffer sending = new UnsafeBuffer(new byte[0]);
    private final BufferClaim claim = new BufferClaim();
    private final FragmentHandler assembler;
    private Frame target;
    private boolean delivered;
    private IOException undeliverable;
    private long messagesSent, backPressured, messagesReceived, emptyPolls;

    private AeronEndpoint(MediaDriver driver, Aeron aeron, Publication[] publications, Subscription subscription,
                          AeronSettings settings, PeerProcess peer, Errors errors) {
        this.driver = driver;
        this.aeron = aeron;
        this.publications = publications;
        this.publication = publications[0];
        this.subscription = subscription;
        this.idle = settings.idle().strategy();
        this.publish = settings.publish();
        this.peer = peer;
        this.errors = errors;
        // Messages longer than the MTU come in fragments; the assembler hands us each whole.
        this.assembler = new FragmentAssembler(this::onMessage);
    }

    /**
     * The consumer: starts the media driver, embedded in this JVM, then connects to it. Returns
     * once its subscription and its publications (a reply stream per producer) exist, so the
     * producers find them.
     */
    static AeronEndpoint openConsumer(RunContext run) throws IOException {
        AeronSettings settings = AeronSettings.of(run.spec());
        int n = run.spec().producers();
        Errors errors = new Errors();
        MediaDriver driver = EmbeddedDriver.launch(run, errors);
        Aeron aeron = null;
        try {
            aeron = connect(run, Role.CONSUMER, errors);
            Publication[] replies = new Publication[n];
            for (int p = 0; p < n; p++) {
                replies[p] = aeron.addExclusivePublication(AeronSettings.replyChannel(), AeronSettings.REPLIES + p);
            }
            Subscription requests = aeron.addSubscription(settings.requestChannel(), AeronSettings.REQUESTS);
            return new AeronEndpoint(driver, aeron, replies, requests, settings, watch(n == 1
                    ? PeerProcess.fromPidFile(run, Role.PRODUCER) : PeerProcess.producersOf(run)), errors);
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(aeron, driver);
            throw new IOException("aeron: " + e.getMessage(), e);
        }
    }

    /**
     * Producer {@code producer}: a client of the consumer's driver; returns once each stream has a
     * reader and a writer. With one producer its publication is exclusive (one writer: no CAS on
     * the term's tail); with many, each adds the same concurrent publication, whose writers
     * reserve their space in the shared term with an atomic add on its tail.
     */
    static AeronEndpoint openProducer(RunContext run, int producer) throws IOException {
        AeronSettings settings = AeronSettings.of(run.spec());
        Faults.producerOpens();
        Errors errors = new Errors();
        Aeron aeron = null;
        AeronEndpoint endpoint;
        try {
            aeron = connect(run, Role.PRODUCER, errors);
            Publication requests = run.spec().fanIn() ? aeron.addPublication(settings.requestChannel(), AeronSettings.REQUESTS)
                    : aeron.addExclusivePublication(settings.requestChannel(), AeronSettings.REQUESTS);
            Subscription replies = aeron.addSubscription(AeronSettings.replyChannel(), AeronSettings.REPLIES + producer);
            endpoint = new AeronEndpoint(null, aeron, new Publication[] {requests}, replies, settings,
                    watch(PeerProcess.fromPidFile(run, Role.CONSUMER)), errors);
        } catch (RuntimeException e) {
            CloseHelper.quietClose(aeron);
            throw new IOException("aeron: " + e.getMessage(), e);
        }
        try {
            endpoint.awaitConnected();
            return endpoint;
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    private static Aeron connect(RunContext run, Role role, Errors errors) {
        return Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(run.file(AeronSettings.DIRECTORY).toString())
                .clientName("ipc-playground " + role.key())
                .preTouchMappedMemory(true) // fault the log buffers' pages in now, not in the measured phase
                .errorHandler(errors::record)
                .subscriberErrorHandler(errors::record));
    }

    /**
     * Nothing in Aeron tells a reader that its writer died (the driver notices only after its
     * client liveness timeout, 10 s): a watchdog thread looks at the peer's pid instead.
     */
    private static PeerProcess watch(PeerProcess peer) {
        return peer.watch(() -> { });
    }

    /** Waits until the consumer reads our stream and writes the one we read. */
    private void awaitConnected() throws IOException {
        while (!publication.isConnected() || !subscription.isConnected()) {
            waitForPeer("the consumer's subscription and publication");
        }
        idle.reset();
    }

    /** The producer writes its one publication; the consumer the reply stream of the producer the frame names. */
    @Override
    public void send(Frame frame) throws IOException {
        Publication publication = publications.length == 1 ? this.publication : publications[frame.producer()];
        int length = frame.length();
        if (publish == AeronSettings.Publish.CLAIM) {
            long result;
            while ((result = publication.tryClaim(length, claim)) < 0) {
                refused(result);
            }
            Faults.holdingClaim(messagesSent + 1); // a test's fault: die here, the claim held (never, unless asked)
            claim.buffer().putBytes(claim.offset(), frame.bytes(), 0, length);
            claim.commit();
        } else {
            sending.wrap(frame.bytes(), 0, length);
            long result;
            while ((result = publication.offer(sending, 0, length)) < 0) {
                refused(result);
            }
        }
        idle.reset();
        messagesSent++;
    }

    /**
     * An offer or claim refused: back-pressured (the reader is a term window behind) or an admin
     * action (the term rotating) mean wait and try again; closed or at its last position mean stop.
     */
    private void refused(long result) throws IOException {
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
            throw new IOException("aeron: the publication " + (result == Publication.CLOSED ? "is closed" : "reached its maximum position"));
        }
        if (result == Publication.BACK_PRESSURED) {
            backPressured++;
        }
        waitForPeer(result == Publication.NOT_CONNECTED ? "a subscriber to connect" : "room in the term");
    }

    @Override
    public void receive(Frame frame) throws IOException {
        target = frame;
        delivered = false;
        while (true) {
            // One fragment at most: a message above the MTU takes one poll per fragment, and the
            // assembler calls onMessage with the last. (A reader that batches polls up to N.)
            int fragments = subscription.poll(assembler, 1);
            if (undeliverable != null) {
                throw undeliverable;
            }
            if (delivered) {
                idle.reset();
                messagesReceived++;
                return;
            }
            if (fragments == 0) {
                emptyPolls++;
                waitForPeer("the next message");
            }
        }
    }

    /** Our handler: a whole message, in the term's mapped memory (or the assembler's buffer): copied into the frame. */
    private void onMessage(DirectBuffer buffer, int offset, int length, Header header) {
        if (length > target.capacity()) {
            undeliverable = new IOException("an Aeron message holds " + length + " bytes; this run's frames hold "
                    + target.capacity());
            return;
        }
        buffer.getBytes(offset, target.bytes(), 0, length);
        delivered = true;
    }

    /** One idle round: the strategy's pause, then two volatile reads: has the peer died, has Aeron failed? */
    private void waitForPeer(String waitingFor) throws IOException {
        idle.idle();
        if (peer.gone()) {
            peer.checkAlive(waitingFor);
        }
        errors.rethrow();
    }

    /** How often a side waited: offers back-pressured, polls that found nothing, per message. */
    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("media driver", driver != null ? "embedded in this JVM" : "the consumer's");
        facts.put("publication", publish == AeronSettings.Publish.CLAIM ? "tryClaim" : "offer");
        if (messagesSent > 0) {
            facts.put("back-pressured offers per message", String.format("%.3f", backPressured / (double) messagesSent));
        }
        if (messagesReceived > 0) {
            facts.put("empty polls per message read", String.format("%.1f", emptyPolls / (double) messagesReceived));
        }
        return facts;
    }

    /** Closes the client (its publication and subscription with it), then the driver, which deletes its directory. */
    @Override
    public void close() {
        peer.close();
        CloseHelper.quietClose(aeron);
        CloseHelper.quietClose(driver);
    }

    /** Errors Aeron reports on its own threads (the client's conductor, the driver's), kept for the messaging thread. */
    static final class Errors {
        private volatile Throwable first;

        void record(Throwable error) {
            if (first == null) {
                first = error;
            }
        }

        void rethrow() throws IOException {
            Throwable error = first;
            if (error != null) {
                throw new IOException("aeron: " + error.getMessage(), error);
            }
        }
    }
}
