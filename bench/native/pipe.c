/* Ping-pong and stream over two anonymous pipes between a parent (producer) and a child
 * (consumer): the C twin of ipc-pipe.   ./pipe pingpong|stream SIZE COUNT WARMUP */
#include "common.h"
#include <sys/wait.h>

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s pingpong|stream SIZE COUNT WARMUP\n", argv[0]); return 2; }
    int pingpong = strcmp(argv[1], "pingpong") == 0;
    uint32_t size = atoi(argv[2]); long count = atol(argv[3]), warmup = atol(argv[4]), total = count + warmup;
    init_ramp();
    int req[2], rep[2];
    if (pipe(req) || pipe(rep)) die("pipe");
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + REPLY_PAYLOAD];
    uint64_t *lat = malloc(count * sizeof *lat);
    pid_t child = fork();
    if (child == 0) { /* consumer */
        stream_clock clock = {0, 0};
        for (long s = 0; s < total; s++) {
            read_full(req[0], f, HEADER);
            read_full(req[0], f + HEADER, len_of(f));
            if (pingpong) { /* answer first: the check stays off the round trip, as in Java */ reply(r, s, time_of(f)); write_full(rep[1], r, sizeof r); }
            if (!verify(f, s, size)) { fprintf(stderr, "consumer: message %ld is not intact\n", s); _exit(1); }
            else stream_record(&clock, lat, s, warmup, f);
        }
        if (!pingpong) report("pipe-c", "stream", size, lat, count, clock.last - clock.first_send);
        fflush(stdout);
        _exit(0);
    }
    uint64_t start = 0;
    for (long s = 0; s < total; s++) {
        if (s == warmup) start = now_ns();
        uint64_t t0 = prepare(f, s, size);
        write_full(req[1], f, HEADER + size);
        if (pingpong) {
            read_full(rep[0], r, HEADER + REPLY_PAYLOAD);
            if (seq_of(r) != s) { fprintf(stderr, "producer: wrong reply\n"); return 1; }
            if (s >= warmup) lat[s - warmup] = now_ns() - t0;
        }
    }
    uint64_t elapsed = now_ns() - start;
    int status;
    waitpid(child, &status, 0);
    if (pingpong) report("pipe-c", "pingpong", size, lat, count, elapsed);
    else printf("pipe-c stream producer msgs_per_s=%.0f\n", count * 1e9 / elapsed);
    return WEXITSTATUS(status);
}
