import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The floor under a Java transport: the smallest two-JVM exchange over one fd mechanism, with
 * the JDK's own streams and channels and nothing of ours. No frame, no checks, no histogram, no
 * rig. In ping-pong the producer writes a request of 24 + SIZE bytes, the consumer reads it whole
 * and writes a 30-byte reply (the sizes of our frame and our "200 OK"), the producer reads that
 * and times the round trip. In a stream the producer writes COUNT + WARMUP requests, one write
 * each, and the consumer reads them whole; the producer's rate is the figure.
 *
 *   java BarePingPong.java pipe|fifo|unix|tcp [pingpong|stream] SIZE COUNT WARMUP
 *
 * Prints one line in the C twins' format (nanoseconds): name, p50 ... max, msgs_per_s. Where our
 * transport costs more than this, the difference is ours; where this costs more than C, it is the JVM's.
 */
public final class BarePingPong {

    static final int HEADER = 24, REPLY = 30;

    public static void main(String[] args) throws Exception {
        if (args[0].startsWith("consumer-")) {
            consumer(args[0].substring("consumer-".length()), Integer.parseInt(args[1]), args[2].equals("stream"),
                    args.length > 3 ? args[3] : null);
            return;
        }
        String mechanism = args[0];
        boolean stream = args[1].equals("stream");
        int first = args[1].equals("stream") || args[1].equals("pingpong") ? 2 : 1;
        int size = Integer.parseInt(args[first]);
        int count = Integer.parseInt(args[first + 1]), warmup = Integer.parseInt(args[first + 2]);
        Path dir = Files.createTempDirectory("bare-");
        try {
            producer(mechanism, stream, size, count, warmup, dir);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    static void producer(String mechanism, boolean stream, int size, int count, int warmup, Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), BarePingPong.class.getName(),
                "consumer-" + mechanism, Integer.toString(size), stream ? "stream" : "pingpong"));
        InputStream in;
        OutputStream out;
        Process consumer;
        SocketChannel socket = null;
        switch (mechanism) {
            case "pipe" -> {
                consumer = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                in = consumer.getInputStream();
                out = consumer.getOutputStream();
            }
            case "fifo" -> {
                for (String name : List.of("req", "rep")) {
                    if (new ProcessBuilder("mkfifo", "-m", "600", dir.resolve(name).toString()).start().waitFor() != 0) {
                        throw new IOException("mkfifo failed");
                    }
                }
                command.add(dir.toString());
                consumer = new ProcessBuilder(command).inheritIO().start();
                out = new FileOutputStream(dir.resolve("req").toFile());
                in = new FileInputStream(dir.resolve("rep").toFile());
            }
            case "unix", "tcp" -> {
                ServerSocketChannel server = mechanism.equals("unix")
                        ? ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(dir.resolve("s")))
                        : ServerSocketChannel.open().bind(new java.net.InetSocketAddress("127.0.0.1", 0));
                command.add(mechanism.equals("unix") ? dir.toString()
                        : Integer.toString(((java.net.InetSocketAddress) server.getLocalAddress()).getPort()));
                consumer = new ProcessBuilder(command).inheritIO().start();
                SocketChannel channel = server.accept();
                socket = channel;
                server.close();
                if (mechanism.equals("tcp")) {
                    channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                }
                in = Channels.newInputStream(channel);
                out = Channels.newOutputStream(channel);
            }
            default -> throw new IllegalArgumentException("pipe, fifo or unix: " + mechanism);
        }
        byte[] request = new byte[HEADER + size], reply = new byte[REPLY];
        long[] latencies = new long[count];
        long start = 0;
        for (int i = 0; i < warmup + count; i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            request[0] = (byte) i;
            long t0 = System.nanoTime();
            out.write(request);
            out.flush();
            if (stream) {
                continue;
            }
            if (in.readNBytes(reply, 0, REPLY) != REPLY) {
                throw new IOException("the consumer closed its end");
            }
            long t1 = System.nanoTime();
            if (i >= warmup) {
                latencies[i - warmup] = t1 - t0;
            }
        }
        if (socket != null) {
            socket.shutdownOutput(); // closing a channel's stream would close the channel itself
        } else {
            out.close();
        }
        if (stream) {
            in.readAllBytes(); // the consumer closes its end once it has read everything
        }
        long elapsed = System.nanoTime() - start;
        in.close();
        consumer.waitFor();
        if (stream) {
            System.out.printf("bare-%s stream size=%d count=%d msgs_per_s=%.0f%n", mechanism, size, count, count * 1e9 / elapsed);
            return;
        }
        Arrays.sort(latencies);
        System.out.printf("bare-%s pingpong size=%d count=%d p50=%d p90=%d p99=%d p999=%d max=%d msgs_per_s=%.0f%n", mechanism, size,
                count, at(latencies, 0.5), at(latencies, 0.9), at(latencies, 0.99), at(latencies, 0.999), latencies[count - 1],
                count * 1e9 / elapsed);
    }

    static void consumer(String mechanism, int size, boolean stream, String where) throws Exception {
        Path dir = where == null || mechanism.equals("tcp") ? null : Path.of(where);
        InputStream in;
        OutputStream out;
        switch (mechanism) {
            case "pipe" -> {
                in = new FileInputStream(java.io.FileDescriptor.in);
                out = new FileOutputStream(java.io.FileDescriptor.out);
            }
            case "fifo" -> {
                in = new FileInputStream(dir.resolve("req").toFile());
                out = new FileOutputStream(dir.resolve("rep").toFile());
            }
            case "unix", "tcp" -> {
                SocketChannel channel = mechanism.equals("unix") ? SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("s")))
                        : SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(where)));
                if (mechanism.equals("tcp")) {
                    channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                }
                in = mechanism.equals("unix") || stream ? new java.io.BufferedInputStream(Channels.newInputStream(channel), 64 * 1024)
                        : Channels.newInputStream(channel);
                out = Channels.newOutputStream(channel);
            }
            default -> throw new IllegalArgumentException(mechanism);
        }
        byte[] request = new byte[HEADER + size], reply = new byte[REPLY];
        while (in.readNBytes(request, 0, request.length) == request.length) {
            if (stream) {
                continue;
            }
            reply[0] = request[0];
            out.write(reply);
            out.flush();
        }
        out.close(); // end of file for the producer, which waits for it at the end of a stream
        in.close();
    }

    static long at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * sorted.length))];
    }
}
