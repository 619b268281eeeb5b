/* Ping-pong and stream over two named pipes (FIFOs): the C twin of ipc-fifo. The parent makes the
 * FIFOs in a private temporary directory, forks, and both open them by path, requests first.
 *   ./fifo pingpong|stream SIZE COUNT WARMUP */
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s pingpong|stream SIZE COUNT WARMUP\n", argv[0]); return 2; }
    int pingpong = strcmp(argv[1], "pingpong") == 0;
    uint32_t size = atoi(argv[2]); long count = atol(argv[3]), warmup = atol(argv[4]), total = count + warmup;
    init_ramp();
    char dir[] = "/tmp/fifo-c-XXXXXX", req[64], rep[64];
    if (!mkdtemp(dir)) die("mkdtemp");
    snprintf(req, sizeof req, "%s/requests", dir);
    snprintf(rep, sizeof rep, "%s/replies", dir);
    if (mkfifo(req, 0600) || mkfifo(rep, 0600)) die("mkfifo");
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + REPLY_PAYLOAD];
    uint64_t *lat = malloc(count * sizeof *lat);
    pid_t child = fork();
    if (child == 0) { /* consumer */
        int in = open(req, O_RDONLY), out = open(rep, O_WRONLY);
        if (in < 0 || out < 0) die("open");
        stream_clock clock = {0, 0};
        for (long s = 0; s < total; s++) {
            read_full(in, f, HEADER);
            read_full(in, f + HEADER, len_of(f));
            if (pingpong) { /* answer first: the check stays off the round trip, as in Java */ reply(r, s, time_of(f)); write_full(out, r, sizeof r); }
            if (!verify(f, s, size)) { fprintf(stderr, "consumer: message %ld is not intact\n", s); _exit(1); }
            else stream_record(&clock, lat, s, warmup, f);
        }
        if (!pingpong) report("fifo-c", "stream", size, lat, count, clock.last - clock.first_send);
        fflush(stdout);
        _exit(0);
    }
    int out = open(req, O_WRONLY), in = open(rep, O_RDONLY);
    if (in < 0 || out < 0) die("open");
    uint64_t start = 0;
    for (long s = 0; s < total; s++) {
        if (s == warmup) start = now_ns();
        uint64_t t0 = prepare(f, s, size);
        write_full(out, f, HEADER + size);
        if (pingpong) {
            read_full(in, r, HEADER + REPLY_PAYLOAD);
            if (seq_of(r) != s) { fprintf(stderr, "producer: wrong reply\n"); return 1; }
            if (s >= warmup) lat[s - warmup] = now_ns() - t0;
        }
    }
    uint64_t elapsed = now_ns() - start;
    int status;
    waitpid(child, &status, 0);
    unlink(req); unlink(rep); rmdir(dir);
    if (pingpong) report("fifo-c", "pingpong", size, lat, count, elapsed);
    return WEXITSTATUS(status);
}
