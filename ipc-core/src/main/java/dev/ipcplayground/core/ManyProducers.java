package dev.ipcplayground.core;

/**
 * How a transport's one consumer meets many producers ({@code --producers N}), in its own words,
 * or why it cannot. The core knows no transport: it runs N producer processes and one consumer,
 * stamps each message with its producer's index ({@link Frame#producer()}), and leaves it to the
 * transport to carry N writers to one reader and each reply back to the producer it names.
 *
 * @param design how N writers meet the reader ("one request pipe that all producers write, a reply
 *               pipe each"), shown in the report; or, when refused, why not
 * @param allowed whether this transport takes more than one producer with the run's settings
 */
public record ManyProducers(String design, boolean allowed) {

    /** N writers meet the reader this way. */
    public static ManyProducers as(String design) {
        return new ManyProducers(design, true);
    }

    /** Not with these settings, and why: "frames larger than PIPE_BUF (4096 bytes) could interleave". */
    public static ManyProducers refused(String reason) {
        return new ManyProducers(reason, false);
    }

    /** Why a sweep leaves this count out: "takes one producer here: each of its rings has one writer ...". */
    public String whyNot() {
        return "takes one producer here: " + design;
    }

    /** The one line a refused run exits with: "--producers 4: shm takes one producer here: ...". */
    public String refusal(String transport, int producers) {
        return "--producers " + producers + ": " + transport + " " + whyNot();
    }
}
