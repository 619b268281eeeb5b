/* Ping-pong and stream over two POSIX message queues: the C twin of posix-mq. Untimed mq_send and
 * mq_receive: the Java side uses the timed calls (100 ms slices), which cost a clock read and, when
 * they sleep, a kernel timer.   ./posix_mq pingpong|stream SIZE COUNT WARMUP [DEPTH] */
#include "common.h"
#include <fcntl.h>
#include <mqueue.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: %s pingpong|stream SIZE COUNT WARMUP [DEPTH]\n", argv[0]); return 2; }
    int pingpong = strcmp(argv[1], "pingpong") == 0;
    uint32_t size = atoi(argv[2]); long count = atol(argv[3]), warmup = atol(argv[4]), total = count + warmup;
    long depth = argc > 5 ? atol(argv[5]) : 10;
    init_ramp();
    char req[64], rep[64];
    snprintf(req, sizeof req, "/posix-mq-c-%d-req", getpid());
    snprintf(rep, sizeof rep, "/posix-mq-c-%d-rep", getpid());
    struct mq_attr a = {.mq_maxmsg = depth, .mq_msgsize = HEADER + size}, b = {.mq_maxmsg = depth, .mq_msgsize = HEADER + REPLY_PAYLOAD};
    mqd_t q_req = mq_open(req, O_CREAT | O_EXCL | O_RDWR, 0600, &a), q_rep = mq_open(rep, O_CREAT | O_EXCL | O_RDWR, 0600, &b);
    if (q_req < 0 || q_rep < 0) die("mq_open");
    mq_unlink(req); mq_unlink(rep); /* the open descriptors keep them alive; nothing is left behind */
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + REPLY_PAYLOAD];
    uint64_t *lat = malloc(count * sizeof *lat);
    pid_t child = fork();
    if (child == 0) { /* consumer */
        stream_clock clock = {0, 0};
        for (long s = 0; s < total; s++) {
            if (mq_receive(q_req, (char *)f, HEADER + size, NULL) < 0) die("mq_receive");
            if (pingpong) { /* answer first: the check stays off the round trip, as in Java */ reply(r, s, time_of(f)); if (mq_send(q_rep, (char *)r, sizeof r, 0)) die("mq_send"); }
            if (!verify(f, s, size)) { fprintf(stderr, "consumer: message %ld is not intact\n", s); _exit(1); }
            else stream_record(&clock, lat, s, warmup, f);
        }
        if (!pingpong) report("posix-mq-c", "stream", size, lat, count, clock.last - clock.first_send);
        fflush(stdout);
        _exit(0);
    }
    uint64_t start = 0;
    for (long s = 0; s < total; s++) {
        if (s == warmup) start = now_ns();
        uint64_t t0 = prepare(f, s, size);
        if (mq_send(q_req, (char *)f, HEADER + size, 0)) die("mq_send");
        if (pingpong) {
            if (mq_receive(q_rep, (char *)r, sizeof r, NULL) < 0) die("mq_receive");
            if (seq_of(r) != s) { fprintf(stderr, "producer: wrong reply\n"); return 1; }
            if (s >= warmup) lat[s - warmup] = now_ns() - t0;
        }
    }
    uint64_t elapsed = now_ns() - start;
    int status;
    waitpid(child, &status, 0);
    if (pingpong) report("posix-mq-c", "pingpong", size, lat, count, elapsed);
    return WEXITSTATUS(status);
}
