package dev.ipcplayground.launcher;

/** The run could not give trustworthy numbers; the message says which side and why. Exit code 1. */
final class RunFailure extends Exception {

    RunFailure(String message) {
        super(message);
    }

    /** This failure, its first line (the one the launcher prints after "the run failed: ") ending with {@code what}. */
    RunFailure and(String what) {
        String message = getMessage();
        int end = message.indexOf('\n');
        RunFailure more = new RunFailure(end < 0 ? message + "; " + what : message.substring(0, end) + "; " + what + message.substring(end));
        more.setStackTrace(getStackTrace());
        return more;
    }
}
