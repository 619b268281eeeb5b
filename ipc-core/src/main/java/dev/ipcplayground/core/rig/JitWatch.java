package dev.ipcplayground.core.rig;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Whether this JVM's JIT compiler has gone quiet: nothing compiled for a while, and nothing being
 * compiled or waiting to be.
 *
 * <p>A JVM starts by interpreting, then compiles what runs often, first quickly (C1) and then
 * well (C2), and the hot loop itself once more when it has run long enough (on-stack
 * replacement). Until that is done, a message may run slow code or wait for a compiler thread
 * that shares its CPU. The JVM says how long it has spent compiling so far (milliseconds,
 * completed compilations only) and, through its {@code Compiler.queue} diagnostic command, what
 * it is compiling now and what waits. Quiet means: the first unchanged for
 * {@link Warmup#QUIET_NANOS}, and the second empty.
 */
final class JitWatch {

    /** What the JVM tells about its compilers; a test gives its own. */
    interface Compiler {
        /** Milliseconds spent in completed compilations since the JVM started. */
        long totalMillis();

        /** True when no method is being compiled and none waits in a queue. */
        boolean idle();
    }

    private final Compiler compiler;
    private long millis = -1;
    private long changedAt;

    JitWatch(Compiler compiler) {
        this.compiler = compiler;
    }

    /** Notes the compilation time so far; call it now and then, with the time of the call. */
    void sample(long now) {
        long m = compiler.totalMillis();
        if (m != millis) {
            millis = m;
            changedAt = now;
        }
    }

    /** True when nothing was compiled for {@code quietNanos} up to {@code now}, and nothing is being compiled. */
    boolean quiet(long now, long quietNanos) {
        sample(now);
        return now - changedAt >= quietNanos && compiler.idle();
    }

    /** Milliseconds spent compiling so far. */
    long totalMillis() {
        return compiler.totalMillis();
    }

    /** This JVM's compilers (HotSpot). */
    static Compiler hotSpot() {
        return HotSpot.INSTANCE;
    }

    private enum HotSpot implements Compiler {
        INSTANCE;

        private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();

        @Override
        public long totalMillis() {
            return compilation == null ? 0 : compilation.getTotalCompilationTime();
        }

        /*
         * jcmd's Compiler.queue, asked in-process: "Current compiles:" followed by a line per method
         * being compiled, then "C1 compile queue:" and "C2 compile queue:", each followed by a line
         * per waiting method or by "Empty". Idle when every line is a heading or "Empty". It costs
         * about 0.2 ms and some garbage, so it is asked only at a check, never per message.
         */
        @Override
        public boolean idle() {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                Object text = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                        new Object[] {null}, new String[] {String[].class.getName()});
                return text.toString().lines().map(String::strip)
                        .allMatch(line -> line.isEmpty() || line.endsWith(":") || line.equals("Empty"));
            } catch (JMException | RuntimeException e) {
                return true; // a JVM without the command: judge by the compilation time alone
            }
        }
    }
}
