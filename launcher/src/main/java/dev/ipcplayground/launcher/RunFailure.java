package dev.ipcplayground.launcher;

/** The run could not give trustworthy numbers; the message says which side and why. Exit code 1. */
final class RunFailure extends Exception {

    RunFailure(String message) {
        super(message);
    }
}
