package dev.ipcplayground.inproc.costs;

import java.io.IOException;

/**
 * The smallest child JVM: with no argument it exits at once (the cost of a JVM's life); with
 * {@code wait} it says "ready" and waits for stdin to close (so its memory can be read); with
 * {@code echo} it sends every byte of stdin back (one end of the pipe handoff).
 */
public final class Idle {

    private Idle() {}

    public static void main(String[] args) throws IOException {
        String mode = args.length == 0 ? "" : args[0];
        switch (mode) {
            case "wait" -> {
                System.out.println("ready");
                System.out.flush();
                while (System.in.read() >= 0) { }
            }
            case "echo" -> {
                var in = new java.io.FileInputStream(java.io.FileDescriptor.in);
                var out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                int b;
                while ((b = in.read()) >= 0) {
                    out.write(b);
                }
            }
            default -> { }
        }
    }
}
