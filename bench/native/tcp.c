/* Ping-pong and stream over TCP on loopback, TCP_NODELAY on both ends, between a parent
 * (producer) and a child (consumer): the C twin of `--transport tcp`. Frames are cut from the
 * byte stream with one buffered read per message, as Netty's decoder does.
 *   ./tcp pingpong|stream SIZE COUNT WARMUP */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>

static void nodelay(int fd) {
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one)) die("setsockopt TCP_NODELAY");
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s pingpong|stream SIZE COUNT WARMUP\n", argv[0]); return 2; }
    int pingpong = strcmp(argv[1], "pingpong") == 0;
    uint32_t size = atoi(argv[2]); long count = atol(argv[3]), warmup = atol(argv[4]), total = count + warmup;
    init_ramp();
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = 0};
    socklen_t alen = sizeof addr;
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 1)
        || getsockname(listener, (struct sockaddr *)&addr, &alen)) die("listen on 127.0.0.1");
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + REPLY_PAYLOAD];
    uint64_t *lat = malloc(count * sizeof *lat);
    stream_reader *in = malloc(sizeof *in);
    in->start = in->end = 0;
    pid_t child = fork();
    if (child == 0) { /* consumer */
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) die("accept");
        close(listener);
        nodelay(fd);
        in->fd = fd;
        stream_clock clock = {0, 0};
        for (long s = 0; s < total; s++) {
            read_frame(in, f);
            if (pingpong) { /* answer first: the check stays off the round trip, as in Java */ reply(r, s, time_of(f)); write_full(fd, r, sizeof r); }
            if (!verify(f, s, size)) { fprintf(stderr, "consumer: message %ld is not intact\n", s); _exit(1); }
            else stream_record(&clock, lat, s, warmup, f);
        }
        if (!pingpong) report("tcp-c", "stream", size, lat, count, clock.last - clock.first_send);
        fflush(stdout);
        _exit(0);
    }
    close(listener);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr)) die("connect");
    nodelay(fd);
    in->fd = fd;
    uint64_t start = 0;
    for (long s = 0; s < total; s++) {
        if (s == warmup) start = now_ns();
        uint64_t t0 = prepare(f, s, size);
        write_full(fd, f, HEADER + size);
        if (pingpong) {
            reader_take(in, r, sizeof r);
            if (seq_of(r) != s) { fprintf(stderr, "producer: wrong reply\n"); return 1; }
            if (s >= warmup) lat[s - warmup] = now_ns() - t0;
        }
    }
    uint64_t elapsed = now_ns() - start;
    int status;
    waitpid(child, &status, 0);
    if (pingpong) report("tcp-c", "pingpong", size, lat, count, elapsed);
    return WEXITSTATUS(status);
}
