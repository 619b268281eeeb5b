package dev.ipcplayground.core;

/**
 * Where the two sides may run ({@code --pin}). On a virtual machine, waking a process that sleeps
 * on another, idle CPU can cost more than the IPC itself; pinning both sides to one CPU shows the
 * mechanism's own cost, pinning them apart shows the cost of crossing CPUs.
 */
public enum Pin {
    /** Wherever the scheduler puts them. */
    NONE,
    /** Both on CPU 0: every handoff is a context switch on one CPU; nobody wakes another CPU. */
    SAME,
    /** The producer on CPU 0, the consumer on CPU 1: every handoff crosses CPUs. */
    APART;

    /** The CPU {@code role} is pinned to, or -1 for none. */
    public int cpu(Role role) {
        return switch (this) {
            case NONE -> -1;
            case SAME -> 0;
            case APART -> role == Role.PRODUCER ? 0 : 1;
        };
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
