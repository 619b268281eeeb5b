/* Many producers, one consumer: the C twin of --producers N for pipe, posix-mq, shm and unix.
 *   pipe, posix-mq: one request channel that every producer writes, a reply channel per producer;
 *   shm-block, shm-spin: the twin of --ring fast: a fast ring per producer each way in one shared
 *     mapping, the consumer polling the request rings in turn (8 records a turn) and, with block,
 *     sleeping once for all on one semaphore that a producer posts only when the consumer said it
 *     sleeps (a parked word that counts its sleepers, the Dekker handshake of ipc-shm's Waiter);
 *   unix: a stream socket per producer (socketpair), the consumer waiting on all with epoll and
 *     cutting frames out of a buffer per connection.
 * The consumer is the parent and forks the producers, as the Java pipe's consumer starts its own.
 *   ./fanin pipe|posix-mq|shm-block|shm-spin|unix pingpong|stream N SIZE COUNT WARMUP
 * COUNT is the run's total, shared evenly (the first producers one more); WARMUP is each
 * producer's. As in Java, a frame names its producer in bytes 6-7 beside a 48-bit sequence; the
 * consumer checks each producer's own sequence (and every byte), answers every producer's MEASURE
 * only once all have asked (the barrier), and the measured phase ends with the last END. Frames
 * up to PIPE_BUF bytes: a pipe write of that size lands whole, whoever else writes. */
#include "common.h"
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define MAXP 64
#define SEQ_MASK ((1ull << 48) - 1)
#define MEASURE (-5LL)
#define END (-1LL)

enum { PIPE, MQ, SHM_BLOCK, SHM_SPIN, UNIX } kind;
static int use_mq, n, me; /* me: this producer's index */
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

/* ---- shm: a fast ring per producer each way (the record's header word publishes it, a cached
 * head, hand-back per batch, a padding record at the wrap), and the waiting of ipc-shm's Waiter. */
#define RING_BYTES (1u << 20)
#define TURN 8
enum { MESSAGE = 1, PADDING = 2 };
typedef struct {
    _Alignas(128) _Atomic uint64_t head;
    _Alignas(128) _Atomic int writer_parked, reader_parked; /* each counts its sleepers */
    sem_t filled, free;
} ring_hdr;
typedef struct { ring_hdr *h; uint8_t *data; uint64_t pos, head_cache, published; } ring;
typedef struct { _Alignas(128) _Atomic int parked; sem_t wake; } consumer_wait; /* the consumer's one sleep for all rings */
static consumer_wait *cw;
static ring req_ring[MAXP], rep_ring[MAXP];
static uint64_t rec_bytes(uint32_t len) { return (8 + len + 7) & ~7ull; }
static _Atomic uint64_t *word_at(ring *r, uint64_t pos) { return (_Atomic uint64_t *)(r->data + (pos & (RING_BYTES - 1))); }

/* After a side made progress: post the semaphore once per sleeper that said so (block only). */
static void wake(_Atomic int *parked, sem_t *s) {
    if (kind != SHM_BLOCK) return;
    atomic_thread_fence(memory_order_seq_cst);
    for (int k = atomic_load(parked); k > 0; k--) sem_post(s);
}
/* Wait until TRIED(ARG) holds: spin, or say "I sleep" in PARKED, look once more, sleep on S. */
#define AWAIT(TRIED, PARKED, S) do { \
    if (TRIED) break; \
    if (kind == SHM_SPIN) { while (!(TRIED)) __builtin_ia32_pause(); break; } \
    atomic_fetch_add(PARKED, 1); \
    while (!(TRIED)) while (sem_wait(S)) ; \
    atomic_fetch_sub(PARKED, 1); \
} while (0)

static int room_for(ring *r, uint64_t need) {
    if (RING_BYTES - (r->pos - r->head_cache) >= need) return 1;
    r->head_cache = atomic_load_explicit(&r->h->head, memory_order_acquire);
    return RING_BYTES - (r->pos - r->head_cache) >= need;
}
/* Writes one record; the reader to wake sleeps in READER_PARKED on READER_SEM. */
static void ring_offer(ring *r, const uint8_t *src, uint32_t len, _Atomic int *reader_parked, sem_t *reader_sem) {
    uint64_t rec = rec_bytes(len), idx = r->pos & (RING_BYTES - 1), to_end = RING_BYTES - idx;
    uint64_t pad = rec > to_end ? to_end : 0;
    AWAIT(room_for(r, pad + rec), &r->h->writer_parked, &r->h->free);
    if (pad) { atomic_store_explicit(word_at(r, r->pos), ((uint64_t)PADDING << 32) | (pad - 8), memory_order_release); r->pos += pad; }
    memcpy(r->data + (r->pos & (RING_BYTES - 1)) + 8, src, len);
    atomic_store_explicit(word_at(r, r->pos), ((uint64_t)MESSAGE << 32) | len, memory_order_release);
    r->pos += rec;
    wake(reader_parked, reader_sem);
}
static void hand_back(ring *r) { /* zero what was read, store the head, wake the writer if it sleeps */
    if (r->pos == r->published) return;
    uint64_t from = r->published & (RING_BYTES - 1), k = r->pos - r->published, first = k < RING_BYTES - from ? k : RING_BYTES - from;
    memset(r->data + from, 0, first);
    memset(r->data, 0, k - first);
    r->published = r->pos;
    atomic_store_explicit(&r->h->head, r->pos, memory_order_release);
    wake(&r->h->writer_parked, &r->h->free);
}
/* One record if there is one now: its length, or -1 (and the batch handed back). */
static int ring_try_poll(ring *r, uint8_t *dst) {
    uint64_t w = atomic_load_explicit(word_at(r, r->pos), memory_order_acquire);
    if ((w >> 32) == PADDING) { r->pos += RING_BYTES - (r->pos & (RING_BYTES - 1)); w = atomic_load_explicit(word_at(r, r->pos), memory_order_acquire); }
    if (w == 0) { hand_back(r); return -1; }
    uint32_t len = (uint32_t)w;
    memcpy(dst, r->data + (r->pos & (RING_BYTES - 1)) + 8, len);
    r->pos += rec_bytes(len);
    if (r->pos - r->published >= RING_BYTES / 4) hand_back(r);
    return (int)len;
}
static int turn, taken;
static int any_request(uint8_t *f) { /* the consumer's round over the request rings, from the one whose turn it is */
    for (int looked = 0; looked < n; looked++) {
        if (ring_try_poll(&req_ring[turn], f) >= 0) { if (++taken == TURN) { turn = (turn + 1) % n; taken = 0; } return 1; }
        turn = (turn + 1) % n; taken = 0;
    }
    return 0;
}
static void shm_setup(void) {
    size_t one = sizeof(ring_hdr) + RING_BYTES, bytes = 128 + 2 * n * one;
    uint8_t *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (m == MAP_FAILED) die("mmap");
    cw = (consumer_wait *)m; sem_init(&cw->wake, 1, 0);
    for (int p = 0; p < n; p++) {
        ring_hdr *rq = (ring_hdr *)(m + 128 + 2 * p * one), *rp = (ring_hdr *)((uint8_t *)rq + one);
        sem_init(&rq->filled, 1, 0); sem_init(&rq->free, 1, 0); sem_init(&rp->filled, 1, 0); sem_init(&rp->free, 1, 0);
        req_ring[p] = (ring){rq, (uint8_t *)(rq + 1), 0, 0, 0};
        rep_ring[p] = (ring){rp, (uint8_t *)(rp + 1), 0, 0, 0};
    }
}

/* ---- unix: a connection per producer; the consumer's buffer per connection and one epoll */
static int sock[MAXP][2], epfd;
static stream_reader *conn;
static int whole_frame(stream_reader *r) {
    if (r->end - r->start < HEADER) return 0;
    uint32_t len; memcpy(&len, r->buf + r->start + 16, 4);
    return r->end - r->start >= HEADER + len;
}
static int any_buffered(uint8_t *f) {
    for (int looked = 0; looked < n; looked++) {
        stream_reader *r = &conn[turn]; turn = (turn + 1) % n;
        if (whole_frame(r)) { read_frame(r, f); return 1; }
    }
    return 0;
}
static void select_and_read(void) {
    struct epoll_event ev[MAXP];
    int ready = epoll_wait(epfd, ev, MAXP, -1);
    if (ready < 0) die("epoll_wait");
    for (int i = 0; i < ready; i++) {
        stream_reader *r = &conn[ev[i].data.u32];
        memmove(r->buf, r->buf + r->start, r->end - r->start); r->end -= r->start; r->start = 0;
        ssize_t got = read(r->fd, r->buf + r->end, sizeof r->buf - r->end);
        if (got < 0) die("read");
        if (got == 0) epoll_ctl(epfd, EPOLL_CTL_DEL, r->fd, NULL); /* the producer closed it, after its END */
        r->end += (size_t)got;
    }
}

static void send_request(const uint8_t *f) {
    if (kind == MQ) { if (mq_send(q_req, (const char *)f, HEADER + len_of(f), 0)) die("mq_send"); }
    else if (kind == PIPE) write_full(req_pipe[1], f, HEADER + len_of(f));
    else if (kind == UNIX) write_full(sock[me][1], f, HEADER + len_of(f));
    else ring_offer(&req_ring[me], f, HEADER + len_of(f), &cw->parked, &cw->wake);
}
static void send_reply(int p, const uint8_t *f) {
    if (kind == MQ) { if (mq_send(q_rep[p], (const char *)f, HEADER + len_of(f), 0)) die("mq_send"); }
    else if (kind == PIPE) write_full(rep_pipe[p][1], f, HEADER + len_of(f));
    else if (kind == UNIX) write_full(sock[p][0], f, HEADER + len_of(f));
    else ring_offer(&rep_ring[p], f, HEADER + len_of(f), &rep_ring[p].h->reader_parked, &rep_ring[p].h->filled);
}

static stream_reader *requests_in, *replies_in;
static void receive_request(uint8_t *f) {
    if (kind == MQ) { if (mq_receive(q_req, (char *)f, req_bytes, NULL) < 0) die("mq_receive"); }
    else if (kind == PIPE) read_frame(requests_in, f);
    else if (kind == UNIX) { while (!any_buffered(f)) select_and_read(); }
    else AWAIT(any_request(f), &cw->parked, &cw->wake);
}
static void receive_reply(int p, uint8_t *f) {
    if (kind == MQ) { if (mq_receive(q_rep[p], (char *)f, HEADER + 8, NULL) < 0) die("mq_receive"); }
    else if (kind == PIPE || kind == UNIX) read_frame(replies_in, f);
    else { ring *r = &rep_ring[p]; AWAIT(ring_try_poll(r, f) >= 0, &r->h->reader_parked, &r->h->filled); }
}

/* Producer p: warm up, ask to measure and wait for the consumer's yes, send its share, end. */
static void produce(int p, long count, long warmup, int pingpong, uint64_t *lat) {
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + 8];
    me = p;
    if (kind == PIPE || kind == UNIX) {
        replies_in = malloc(sizeof *replies_in); replies_in->fd = kind == PIPE ? rep_pipe[p][0] : sock[p][1];
        replies_in->start = replies_in->end = 0;
    }
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
    if (argc != 7) { fprintf(stderr, "usage: %s pipe|posix-mq|shm-block|shm-spin|unix pingpong|stream N SIZE COUNT WARMUP\n", argv[0]); return 2; }
    const char *kinds[] = {"pipe", "posix-mq", "shm-block", "shm-spin", "unix"};
    kind = -1;
    for (int k = 0; k < 5; k++) if (strcmp(argv[1], kinds[k]) == 0) kind = k;
    if ((int)kind < 0) { fprintf(stderr, "no transport %s\n", argv[1]); return 2; }
    use_mq = kind == MQ;
    int pingpong = strcmp(argv[2], "pingpong") == 0;
    n = atoi(argv[3]); size = atoi(argv[4]);
    long count = atol(argv[5]), warmup = atol(argv[6]);
    if (n < 1 || n > MAXP || HEADER + size > 4096) { fprintf(stderr, "1 to %d producers, frames up to PIPE_BUF\n", MAXP); return 2; }
    (void)use_mq;
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
    } else if (kind == PIPE) {
        if (pipe(req_pipe)) die("pipe");
        for (int p = 0; p < n; p++) if (pipe(rep_pipe[p])) die("pipe");
    } else if (kind == UNIX) {
        if ((epfd = epoll_create1(0)) < 0) die("epoll_create1");
        conn = calloc(n, sizeof *conn);
        for (int p = 0; p < n; p++) {
            if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock[p])) die("socketpair");
            conn[p].fd = sock[p][0];
            struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)p};
            if (epoll_ctl(epfd, EPOLL_CTL_ADD, sock[p][0], &ev)) die("epoll_ctl");
        }
    } else {
        shm_setup();
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
    if (kind == PIPE) { requests_in = malloc(sizeof *requests_in); requests_in->fd = req_pipe[0]; requests_in->start = requests_in->end = 0; }
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
    snprintf(name, sizeof name, "%s-fanin%d-c", argv[1], n);
    report(name, pingpong ? "pingpong" : "stream", size, lat, count, last - start);
    return 0;
}
