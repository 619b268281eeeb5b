package dev.ipcplayground.core;

import dev.ipcplayground.core.os.Libc;

/**
 * Faults a test asks a child to commit at a point no kill from outside can hit: a producer
 * dying between claiming space in a ring that others write too and publishing its record, the
 * moment a many-writer ring is weakest. Set in the launcher's environment (children inherit it);
 * unset, the check is one comparison with a constant that no record count reaches.
 *
 * <pre>IPCPG_FAULT_DIE_HOLDING_CLAIM=5000   every producer kills itself (SIGKILL) holding its 5000th claim</pre>
 *
 * <p>Transports whose producers claim space in a shared structure call {@link #holdingClaim}: shm's rings, Aeron's publication.
 */
public final class Faults {

    /** The environment variable: a record number, counted from 1 over the producer's whole run, warm-up included. */
    public static final String DIE_HOLDING_CLAIM = "IPCPG_FAULT_DIE_HOLDING_CLAIM";

    private static final long DIE_AT_CLAIM = parse(System.getenv(DIE_HOLDING_CLAIM));
    /** Only a producer's claims count: the consumer's replies are claimed in rings of one writer. */
    private static boolean producer;

    private Faults() {}

    /** Called where a producer opens its end: from now on this process's claims are a producer's. */
    public static void producerOpens() {
        producer = true;
    }

    /**
     * A writer has claimed space for its {@code claims}-th record and not yet published it: if
     * asked to, it dies here, as a process killed by the OOM killer or an operator would.
     */
    public static void holdingClaim(long claims) {
        if (claims == DIE_AT_CLAIM && producer) {
            System.err.println("fault: dying with claim " + claims + " held, as " + DIE_HOLDING_CLAIM + " asks");
            Libc.raise(Libc.SIGKILL);
        }
    }

    private static long parse(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DIE_HOLDING_CLAIM + " must be a record number, got '" + value + "'");
        }
    }
}
