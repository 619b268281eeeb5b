/* Many producers, one consumer: the C twin of --producers N for pipe and posix-mq. One request
 * channel that every producer writes (a pipe, or a POSIX queue), and a reply channel per producer.
 * The consumer is the parent and forks the producers, as the Java pipe's consumer starts its own.
 *   ./fanin pipe|posix-mq pingpong|stream N SIZE COUNT WARMUP
 * COUNT is the run's total, shared evenly (the first producers one more); WARMUP is each
 * producer's. As in Java, a frame names its producer in bytes 6-7 beside a 48-bit sequence; the
 * consumer checks each producer's own sequence (and every byte), answers every producer's MEASURE
 * only once all have asked (the barrier), and the measured phase ends with the last END. Frames
 * up to PIPE_BUF bytes: a pipe write of that size lands whole, whoever else writes. */
#include "common.h"
#include <fcntl.h>
#include <mqueue.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define MAXP 64
#define SEQ_MASK ((1ull << 48) - 1)
#define MEASURE (-5LL)
#define END (-1LL)

static int use_mq, n;
static uint32_t size, req_bytes;
static int req_pipe[2], rep_pipe[MAXP][2];
static mqd_t q_req, q_rep[MAXP];

static int64_t seq48(const uint8_t *f) { uint64_t raw; memcpy(&raw, f, 8); return (int64_t)(raw << 16) >> 16; }
static int producer_of(const uint8_t *f) { uint16_t p; memcpy(&p, f + 6, 2); return p; }
static void name_producer(uint8_t *f, int p) { uint16_t p16 = (uint16_t)p; memcpy(f + 6, &p16, 2); }

/* Control frame SEQ (MEASURE, END) of producer p, carrying one number. */
static void control(uint8_t *f, int64_t seq, int p, uint64_t value) {
    uint64_t raw = ((uint64_t)seq & SEQ_MASK) | ((uint64_t)p << 48); uint32_t len = 8;
    memcpy(f, &raw, 8); memcpy(f + 16, &len, 4); memcpy(f + HEADER, &value, 8);
    stamp(f, 0);
}

static void send_request(const uint8_t *f) {
    if (use_mq) { if (mq_send(q_req, (const char *)f, HEADER + len_of(f), 0)) die("mq_send"); }
    else write_full(req_pipe[1], f, HEADER + len_of(f));
}
static void send_reply(int p, const uint8_t *f) {
    if (use_mq) { if (mq_send(q_rep[p], (const char *)f, HEADER + len_of(f), 0)) die("mq_send"); }
    else write_full(rep_pipe[p][1], f, HEADER + len_of(f));
}

static stream_reader *requests_in, *replies_in;
static void receive_request(uint8_t *f) {
    if (use_mq) { if (mq_receive(q_req, (char *)f, req_bytes, NULL) < 0) die("mq_receive"); }
    else read_frame(requests_in, f);
}
static void receive_reply(int p, uint8_t *f) {
    if (use_mq) { if (mq_receive(q_rep[p], (char *)f, HEADER + 8, NULL) < 0) die("mq_receive"); }
    else read_frame(replies_in, f);
}

/* Producer p: warm up, ask to measure and wait for the consumer's yes, send its share, end. */
static void produce(int p, long count, long warmup, int pingpong, uint64_t *lat) {
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + 8];
    if (!use_mq) { replies_in = malloc(sizeof *replies_in); replies_in->fd = rep_pipe[p][0]; replies_in->start = replies_in->end = 0; }
    long share = count / n + (p < count % n), total = warmup + share;
    for (long s = 0; s < total; s++) {
        if (s == warmup) {
            control(f, MEASURE, p, warmup); send_request(f);
            receive_reply(p, r);
            if (seq48(r) != MEASURE || producer_of(r) != p) { fprintf(stderr, "producer %d: no MEASURE answer\n", p); _exit(1); }
        }
        fill(f, s, size); name_producer(f, p);
        uint64_t t0 = now_ns(); stamp(f, t0);
        send_request(f);
        if (pingpong) {
            receive_reply(p, r);
            if (seq48(r) != s || producer_of(r) != p) { fprintf(stderr, "producer %d: wrong reply\n", p); _exit(1); }
            if (s >= warmup) *lat++ = now_ns() - t0;
        }
    }
    control(f, END, p, total); send_request(f);
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc != 7) { fprintf(stderr, "usage: %s pipe|posix-mq pingpong|stream N SIZE COUNT WARMUP\n", argv[0]); return 2; }
    use_mq = strcmp(argv[1], "posix-mq") == 0;
    int pingpong = strcmp(argv[2], "pingpong") == 0;
    n = atoi(argv[3]); size = atoi(argv[4]);
    long count = atol(argv[5]), warmup = atol(argv[6]);
    if (n < 1 || n > MAXP || HEADER + size > 4096) { fprintf(stderr, "1 to %d producers, frames up to PIPE_BUF\n", MAXP); return 2; }
    req_bytes = HEADER + (size > 8 ? size : 8);
    (void)reply; (void)verify; /* common.h's one-producer helpers: the sequence here is 48 bits, beside the producer */
    init_ramp();
    if (use_mq) {
        char name[64];
        struct mq_attr a = {.mq_maxmsg = 10, .mq_msgsize = req_bytes}, b = {.mq_maxmsg = 10, .mq_msgsize = HEADER + 8};
        snprintf(name, sizeof name, "/fanin-c-%d-req", getpid());
        if ((q_req = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &a)) < 0) die("mq_open");
        mq_unlink(name); /* the open descriptors keep it alive; nothing is left behind */
        for (int p = 0; p < n; p++) {
            snprintf(name, sizeof name, "/fanin-c-%d-rep-%d", getpid(), p);
            if ((q_rep[p] = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &b)) < 0) die("mq_open");
            mq_unlink(name);
        }
    } else {
        if (pipe(req_pipe)) die("pipe");
        for (int p = 0; p < n; p++) if (pipe(rep_pipe[p])) die("pipe");
    }
    /* the producers' round trips, in memory the consumer reads after they exit */
    uint64_t *lat = mmap(NULL, (count + n) * sizeof *lat, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (lat == MAP_FAILED) die("mmap");
    long offset = 0;
    for (int p = 0; p < n; p++) {
        if (fork() == 0) produce(p, count, warmup, pingpong, lat + offset);
        offset += count / n + (p < count % n);
    }
    /* The consumer. */
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + 8];
    if (!use_mq) { requests_in = malloc(sizeof *requests_in); requests_in->fd = req_pipe[0]; requests_in->start = requests_in->end = 0; }
    int64_t next[MAXP] = {0};
    int asked = 0, ended = 0;
    long k = 0;
    uint64_t start = 0, last = 0;
    while (ended < n) {
        receive_request(f);
        int64_t s = seq48(f); int p = producer_of(f);
        if (p >= n) { fprintf(stderr, "consumer: a frame names producer %d\n", p); return 1; }
        if (s == MEASURE) {
            if (++asked == n) { start = now_ns(); for (int q = 0; q < n; q++) { control(r, MEASURE, q, 1); send_reply(q, r); } }
            continue;
        }
        if (s == END) { if (++ended == n) last = pingpong ? now_ns() : last; continue; }
        if (pingpong) { /* answer first, as in Java */
            memcpy(r + HEADER, "200 OK", REPLY_PAYLOAD);
            uint64_t raw = ((uint64_t)s & SEQ_MASK) | ((uint64_t)p << 48); uint32_t len = REPLY_PAYLOAD;
            memcpy(r, &raw, 8); memcpy(r + 16, &len, 4); stamp(r, time_of(f));
            send_reply(p, r);
        }
        uint32_t crc; memcpy(&crc, f + 20, 4);
        if (s != next[p] || len_of(f) != size || frame_crc(f, size) != crc || memcmp(f + HEADER, ramp + (s & 0xFF), size)) {
            fprintf(stderr, "consumer: producer %d's message %lld is not intact or not in order\n", p, (long long)s); return 1;
        }
        next[p]++;
        if (!pingpong && asked == n) { last = now_ns(); lat[k++] = last - time_of(f); }
    }
    int failed = 0, status;
    while (wait(&status) > 0) failed |= !WIFEXITED(status) || WEXITSTATUS(status);
    if (failed) { fprintf(stderr, "a producer failed\n"); return 1; }
    if (!pingpong && k != count) { fprintf(stderr, "consumer: %ld measured messages, expected %ld\n", k, count); return 1; }
    char name[32];
    snprintf(name, sizeof name, "%s-fanin%d-c", use_mq ? "posix-mq" : "pipe", n);
    report(name, pingpong ? "pingpong" : "stream", size, lat, count, last - start);
    return 0;
}
