package dev.ipcplayground.core;

/**
 * Where the two sides may run ({@code --pin}). On a virtual machine, waking a process that sleeps
 * on another, idle CPU can cost more than the IPC itself; pinning both sides to one CPU shows the
 * mechanism's own cost, pinning them apart shows the cost of crossing CPUs.
 */
public enum Pin {
    /** Wherever the scheduler puts them. */
    NONE,
    /**
     * Both messaging threads on CPU 0: every handoff is a context switch on one CPU; nobody wakes
     * another CPU. The rest of each JVM runs on the other CPUs.
     */
    SAME,
    /** The producer's messaging thread on CPU 0, the consumer's on CPU 1: every handoff crosses CPUs. */
    APART;

    /** The CPU {@code role} is pinned to, or -1 for none. */
    public int cpu(Role role) {
        return switch (this) {
            case NONE -> -1;
            case SAME -> 0;
            case APART -> role == Role.PRODUCER ? 0 : 1;
        };
    }

    /**
     * The CPUs for everything else in a pinned side's JVM (JIT compilers, GC, housekeeping): the
     * CPUs it may use less those the run's messaging threads are pinned to, so that nothing of the
     * JVM's own runs where messages are timed. Empty when not pinned, or when no CPU is left over
     * (then the rest of the JVM runs wherever the scheduler puts it).
     */
    public java.util.BitSet restOfJvm(java.util.BitSet allowed) {
        if (this == NONE) {
            return new java.util.BitSet();
        }
        java.util.BitSet rest = (java.util.BitSet) allowed.clone();
        for (Role role : Role.values()) {
            rest.clear(cpu(role));
        }
        return rest;
    }

    /** Pins the calling thread, the one that sends and receives for {@code role}, to its CPU; nothing when not pinned. */
    public void pinMessagingThread(Role role) throws java.io.IOException {
        if (this != NONE) {
            dev.ipcplayground.core.os.Libc.pinCallingThread(cpu(role));
        }
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
