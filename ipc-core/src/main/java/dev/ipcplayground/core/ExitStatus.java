package dev.ipcplayground.core;

/** Exit codes in words. The JDK reports a process killed by signal N as exit code 128 + N. */
public final class ExitStatus {

    private ExitStatus() {}

    /** "exited with code 1", "was killed by signal 9 (SIGKILL)". */
    public static String describe(int code) {
        if (code > 128 && code < 128 + 65) {
            int signal = code - 128;
            return "was killed by signal " + signal + signalName(signal);
        }
        return "exited with code " + code;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 13 -> " (SIGPIPE)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
