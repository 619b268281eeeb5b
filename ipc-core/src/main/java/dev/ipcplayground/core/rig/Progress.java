package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunFile;
import dev.ipcplayground.core.Side;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * How far a side has come: one long, the sequence of the last message it handled, in a file of
 * the run directory ({@link RunFile#PROGRESS}) that this side maps and the launcher reads. A run
 * is hung when its sides stop moving, not when it has run long: the launcher's {@code --timeout}
 * watches this word.
 *
 * <p>Its cost on the hot path is one store to a page of memory the process already has: an
 * opaque write (a plain {@code mov} on x86, which the JIT may not drop or move out of the loop),
 * no fence, no system call. The launcher reads the file a few times a second; the page cache
 * behind a /dev/shm file is the mapping itself, so it sees the word as it is.
 */
public final class Progress {

    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment word;

    private Progress(MemorySegment word) {
        this.word = word;
    }

    /** This side's word, in the run directory: a new file of 8 bytes, mapped. */
    public static Progress of(RunContext run, Role role) throws IOException {
        return of(run, new Side(role, 0));
    }

    /** {@code side}'s word, in the run directory. */
    public static Progress of(RunContext run, Side side) throws IOException {
        try (FileChannel file = FileChannel.open(RunFile.PROGRESS.of(run, side),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new Progress(file.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES, Arena.ofAuto()));
        }
    }

    /** A word nobody watches: for a rig outside a run directory (tests, a served run). */
    public static Progress untracked() {
        return new Progress(MemorySegment.ofArray(new long[1]));
    }

    /** Message {@code sequence} has been handled. */
    public void reached(long sequence) {
        WORD.setOpaque(word, 0L, sequence + 1);
    }

    /** How many messages the side has handled, as the word says now. */
    public long messages() {
        return (long) WORD.getOpaque(word, 0L);
    }
}
