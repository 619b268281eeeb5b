package dev.ipcplayground.launcher;

import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunFile;
import dev.ipcplayground.core.Side;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a hung run from a long one: a run is hung when no side has handled a message for the
 * whole {@code --timeout}, however long it has run before. It reads each side's progress word
 * ({@link RunFile#PROGRESS}, written by the rigs) a few times a second, not at every poll of the
 * supervisor, so that watching costs the measured CPUs next to nothing.
 */
final class StallWatch {

    private static final long READ_EVERY_NANOS = 100_000_000L;

    private final RunContext run;
    private final long limitNanos;
    private final List<Side> sides;
    private final Map<Side, Long> seen = new HashMap<>();
    private long lastMove, lastRead;

    /** A watch that counts from {@code now}: the sides have the whole limit to handle their first message. */
    StallWatch(RunContext run, Duration limit, long now) {
        this.run = run;
        this.limitNanos = limit.toNanos();
        this.sides = Side.all(run.spec().producers());
        this.lastMove = now;
        this.lastRead = now;
    }

    /** Whether no side has moved for the limit, as of {@code now}. */
    boolean stalled(long now) {
        if (now - lastRead >= READ_EVERY_NANOS) {
            lastRead = now;
            for (Side side : sides) {
                long messages = messages(side);
                Long before = seen.put(side, messages);
                if (before == null ? messages > 0 : before != messages) {
                    lastMove = now;
                }
            }
        }
        return now - lastMove > limitNanos;
    }

    /** The side's word, or 0 while it has not made its file yet. */
    private long messages(Side side) {
        try (FileChannel file = FileChannel.open(RunFile.PROGRESS.of(run, side))) {
            ByteBuffer word = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            return file.read(word, 0) == Long.BYTES ? word.getLong(0) : 0;
        } catch (NoSuchFileException notYet) {
            return 0;
        } catch (IOException e) {
            return seen.getOrDefault(side, 0L); // unreadable for a moment: no news
        }
    }
}
