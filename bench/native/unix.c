/* Ping-pong and stream over a Unix domain socket between a parent (producer) and a child
 * (consumer): the C twin of `--transport unix`. SOCK_STREAM frames are cut from a byte stream
 * (one buffered read per message); SOCK_SEQPACKET gives one read per message by itself.
 *   ./unix stream|seqpacket pingpong|stream SIZE COUNT WARMUP */
#include "common.h"
#include <sys/socket.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    if (argc != 6) { fprintf(stderr, "usage: %s stream|seqpacket pingpong|stream SIZE COUNT WARMUP\n", argv[0]); return 2; }
    int seqpacket = strcmp(argv[1], "seqpacket") == 0, pingpong = strcmp(argv[2], "pingpong") == 0;
    uint32_t size = atoi(argv[3]); long count = atol(argv[4]), warmup = atol(argv[5]), total = count + warmup;
    init_ramp();
    int sv[2]; /* a connected pair: what listen/accept/connect give, without the rendezvous */
    if (socketpair(AF_UNIX, seqpacket ? SOCK_SEQPACKET : SOCK_STREAM, 0, sv)) die("socketpair");
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + REPLY_PAYLOAD];
    uint64_t *lat = malloc(count * sizeof *lat);
    stream_reader *in = malloc(sizeof *in);
    pid_t child = fork();
    int fd = sv[child == 0];
    close(sv[child != 0]);
    in->fd = fd; in->start = in->end = 0;
    if (child == 0) { /* consumer */
        stream_clock clock = {0, 0};
        for (long s = 0; s < total; s++) {
            if (seqpacket) { if (read(fd, f, HEADER + size) != HEADER + size) die("read"); }
            else read_frame(in, f);
            if (pingpong) { /* answer first: the check stays off the round trip, as in Java */ reply(r, s, time_of(f)); write_full(fd, r, sizeof r); }
            if (!verify(f, s, size)) { fprintf(stderr, "consumer: message %ld is not intact\n", s); _exit(1); }
            else stream_record(&clock, lat, s, warmup, f);
        }
        if (!pingpong) report(seqpacket ? "unix-seqpacket-c" : "unix-c", "stream", size, lat, count, clock.last - clock.first_send);
        fflush(stdout);
        _exit(0);
    }
    uint64_t start = 0;
    for (long s = 0; s < total; s++) {
        if (s == warmup) start = now_ns();
        uint64_t t0 = prepare(f, s, size);
        write_full(fd, f, HEADER + size);
        if (pingpong) {
            if (seqpacket) { if (read(fd, r, sizeof r) != sizeof r) die("read"); }
            else reader_take(in, r, sizeof r);
            if (seq_of(r) != s) { fprintf(stderr, "producer: wrong reply\n"); return 1; }
            if (s >= warmup) lat[s - warmup] = now_ns() - t0;
        }
    }
    uint64_t elapsed = now_ns() - start;
    int status;
    waitpid(child, &status, 0);
    if (pingpong) report(seqpacket ? "unix-seqpacket-c" : "unix-c", "pingpong", size, lat, count, elapsed);
    return WEXITSTATUS(status);
}
