/* Ping-pong and stream through two SPSC byte rings in one shared mapping, waiting by busy-spin, on
 * POSIX semaphores (the textbook bounded buffer), or on a bare futex: the C twin of ipc-shm's
 * --ring textbook --wait spin|block, and the floor under both (futex: what a semaphore is made of,
 * minus glibc). Same record format (8-byte length header, 8-byte alignment, records wrap around the
 * end). "fast" is the twin of --ring fast --wait spin: the record's header word publishes it (no
 * tail), the writer caches the head, the reader hands space back once per batch (zeroed, then the
 * head), a padding record at the wrap.
 *   ./shm spin|block|futex|fast pingpong|stream SIZE COUNT WARMUP [RING_BYTES] */
#include "common.h"
#include <semaphore.h>
#include <stdatomic.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* A counting semaphore on one futex word, shared between processes (so not FUTEX_PRIVATE): take
 * decrements if it can, else sleeps in the kernel until the word changes; post increments and
 * enters the kernel only when someone sleeps. */
typedef struct { _Atomic uint32_t value; _Atomic uint32_t sleepers; } fsem;

static void fsem_take(fsem *s) {
    for (;;) {
        uint32_t v = atomic_load_explicit(&s->value, memory_order_acquire);
        while (v > 0) if (atomic_compare_exchange_weak(&s->value, &v, v - 1)) return;
        atomic_fetch_add(&s->sleepers, 1);
        syscall(SYS_futex, &s->value, FUTEX_WAIT, 0, NULL, NULL, 0); /* sleeps only if still 0 */
        atomic_fetch_sub(&s->sleepers, 1);
    }
}

static void fsem_post(fsem *s) {
    atomic_fetch_add_explicit(&s->value, 1, memory_order_release);
    if (atomic_load(&s->sleepers)) syscall(SYS_futex, &s->value, FUTEX_WAKE, 1, NULL, NULL, 0);
}

typedef struct {
    _Alignas(128) _Atomic uint64_t tail;
    _Alignas(128) _Atomic uint64_t head;
    _Alignas(128) sem_t filled;
    _Alignas(128) sem_t free;
    _Alignas(128) fsem ffilled;
    _Alignas(128) fsem ffree;
} ring_hdr;

enum { SPIN, BLOCK, FUTEX, FAST };
typedef struct { ring_hdr *h; uint8_t *data; uint64_t cap, pos; int block; uint64_t head_cache, published; } ring;

/* Sleep on a semaphore; with -DTIMED as the Java side does: try first, then a 100 ms timed wait. */
static void sem_take(sem_t *s) {
#ifdef TIMED
    if (sem_trywait(s) == 0) return;
    struct timespec d;
    clock_gettime(CLOCK_REALTIME, &d);
    d.tv_nsec += 100000000; if (d.tv_nsec >= 1000000000) { d.tv_sec++; d.tv_nsec -= 1000000000; }
    while (sem_timedwait(s, &d)) ;
#else
    while (sem_wait(s)) ;
#endif
}

static uint64_t rec_bytes(uint32_t len) { return (8 + len + 7) & ~7ull; }

/* ---- the fast ring: a record's header word is its length (low 32 bits) and kind (high 32), 0 until published */
enum { MESSAGE = 1, PADDING = 2 };
static _Atomic uint64_t *word_at(ring *r, uint64_t pos) { return (_Atomic uint64_t *)(r->data + (pos & (r->cap - 1))); }

static void fast_offer(ring *r, const uint8_t *src, uint32_t len) {
    uint64_t rec = rec_bytes(len), idx = r->pos & (r->cap - 1), to_end = r->cap - idx;
    uint64_t pad = rec > to_end ? to_end : 0, need = pad + rec;
    while (r->cap - (r->pos - r->head_cache) < need) { /* the cache says full: read the reader's head */
        r->head_cache = atomic_load_explicit(&r->h->head, memory_order_acquire);
        if (r->cap - (r->pos - r->head_cache) < need) __builtin_ia32_pause();
    }
    if (pad) { atomic_store_explicit(word_at(r, r->pos), ((uint64_t)PADDING << 32) | (pad - 8), memory_order_release); r->pos += pad; }
    memcpy(r->data + (r->pos & (r->cap - 1)) + 8, src, len);
    atomic_store_explicit(word_at(r, r->pos), ((uint64_t)MESSAGE << 32) | len, memory_order_release);
    r->pos += rec;
}

static void fast_hand_back(ring *r) { /* zero what was read, then store the head */
    if (r->pos == r->published) return;
    uint64_t from = r->published & (r->cap - 1), n = r->pos - r->published, first = n < r->cap - from ? n : r->cap - from;
    memset(r->data + from, 0, first);
    memset(r->data, 0, n - first);
    r->published = r->pos;
    atomic_store_explicit(&r->h->head, r->pos, memory_order_release);
}

static uint32_t fast_poll(ring *r, uint8_t *dst) {
    for (;;) {
        uint64_t w = atomic_load_explicit(word_at(r, r->pos), memory_order_acquire);
        if (w == 0) { /* caught up: the end of a batch */
            fast_hand_back(r);
            while ((w = atomic_load_explicit(word_at(r, r->pos), memory_order_acquire)) == 0) __builtin_ia32_pause();
        }
        if ((w >> 32) == PADDING) { r->pos += r->cap - (r->pos & (r->cap - 1)); continue; }
        uint32_t len = (uint32_t)w;
        memcpy(dst, r->data + (r->pos & (r->cap - 1)) + 8, len);
        r->pos += rec_bytes(len);
        if (r->pos - r->published >= r->cap / 4) fast_hand_back(r);
        return len;
    }
}

static void ring_offer(ring *r, const uint8_t *src, uint32_t len) {
    if (r->block == FAST) { fast_offer(r, src, len); return; }
    uint64_t rec = rec_bytes(len);
    if (r->block == BLOCK) sem_take(&r->h->free);
    else if (r->block == FUTEX) fsem_take(&r->h->ffree);
    else while (r->cap - (r->pos - atomic_load_explicit(&r->h->head, memory_order_acquire)) < rec) __builtin_ia32_pause();
    uint64_t i = r->pos & (r->cap - 1);
    memcpy(r->data + i, &len, 4);
    uint64_t at = (r->pos + 8) & (r->cap - 1), first = len < r->cap - at ? len : r->cap - at;
    memcpy(r->data + at, src, first);
    memcpy(r->data, src + first, len - first);
    r->pos += rec;
    atomic_store_explicit(&r->h->tail, r->pos, memory_order_release);
    if (r->block == BLOCK) sem_post(&r->h->filled);
    else if (r->block == FUTEX) fsem_post(&r->h->ffilled);
}

static uint32_t ring_poll(ring *r, uint8_t *dst) {
    if (r->block == FAST) return fast_poll(r, dst);
    if (r->block == BLOCK) sem_take(&r->h->filled);
    else if (r->block == FUTEX) fsem_take(&r->h->ffilled);
    else while (atomic_load_explicit(&r->h->tail, memory_order_acquire) == r->pos) __builtin_ia32_pause();
    uint32_t len;
    memcpy(&len, r->data + (r->pos & (r->cap - 1)), 4);
    uint64_t at = (r->pos + 8) & (r->cap - 1), first = len < r->cap - at ? len : r->cap - at;
    memcpy(dst, r->data + at, first);
    memcpy(dst + first, r->data, len - first);
    r->pos += rec_bytes(len);
    atomic_store_explicit(&r->h->head, r->pos, memory_order_release);
    if (r->block == BLOCK) sem_post(&r->h->free);
    else if (r->block == FUTEX) fsem_post(&r->h->ffree);
    return len;
}

int main(int argc, char **argv) {
    if (argc < 6) { fprintf(stderr, "usage: %s spin|block|futex|fast pingpong|stream SIZE COUNT WARMUP [RING_BYTES]\n", argv[0]); return 2; }
    int block = strcmp(argv[1], "block") == 0 ? BLOCK : strcmp(argv[1], "futex") == 0 ? FUTEX
              : strcmp(argv[1], "fast") == 0 ? FAST : SPIN;
    int pingpong = strcmp(argv[2], "pingpong") == 0;
    uint32_t size = atoi(argv[3]); long count = atol(argv[4]), warmup = atol(argv[5]), total = count + warmup;
    uint64_t cap = argc > 6 ? atoll(argv[6]) : 1 << 20;
    init_ramp();
    /* A MAP_SHARED anonymous mapping is inherited across fork: the same pages in both processes,
     * exactly as a mapped /dev/shm file is. Unnamed semaphores live in it (pshared = 1). */
    size_t bytes = 2 * (sizeof(ring_hdr) + cap);
    uint8_t *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (m == MAP_FAILED) die("mmap");
    ring_hdr *h0 = (ring_hdr *)m, *h1 = (ring_hdr *)(m + sizeof(ring_hdr) + cap);
    sem_init(&h0->filled, 1, 0); sem_init(&h0->free, 1, cap / rec_bytes(HEADER + size));
    sem_init(&h1->filled, 1, 0); sem_init(&h1->free, 1, cap / rec_bytes(HEADER + REPLY_PAYLOAD));
    h0->ffree.value = cap / rec_bytes(HEADER + size); h1->ffree.value = cap / rec_bytes(HEADER + REPLY_PAYLOAD);
    ring req_w = {h0, (uint8_t *)(h0 + 1), cap, 0, block, 0, 0}, req_r = req_w;
    ring rep_w = {h1, (uint8_t *)(h1 + 1), cap, 0, block, 0, 0}, rep_r = rep_w;
    uint8_t *f = malloc(HEADER + size + 8), r[HEADER + REPLY_PAYLOAD];
    uint64_t *lat = malloc(count * sizeof *lat);
    const char *name = block == BLOCK ? "shm-sem-c" : block == FUTEX ? "shm-futex-c" : block == FAST ? "shm-fast-c" : "shm-spin-c";
    pid_t child = fork();
    if (child == 0) { /* consumer */
        stream_clock clock = {0, 0};
        for (long s = 0; s < total; s++) {
            ring_poll(&req_r, f);
            if (pingpong) { /* answer first: the check stays off the round trip, as in Java */ reply(r, s, time_of(f)); ring_offer(&rep_w, r, sizeof r); }
            if (!verify(f, s, size)) { fprintf(stderr, "consumer: message %ld is not intact\n", s); _exit(1); }
            else stream_record(&clock, lat, s, warmup, f);
        }
        if (!pingpong) report(name, "stream", size, lat, count, clock.last - clock.first_send);
        fflush(stdout);
        _exit(0);
    }
    uint64_t start = 0;
    for (long s = 0; s < total; s++) {
        if (s == warmup) start = now_ns();
        uint64_t t0 = prepare(f, s, size);
        ring_offer(&req_w, f, HEADER + size);
        if (pingpong) {
            ring_poll(&rep_r, r);
            if (seq_of(r) != s) { fprintf(stderr, "producer: wrong reply\n"); return 1; }
            if (s >= warmup) lat[s - warmup] = now_ns() - t0;
        }
    }
    uint64_t elapsed = now_ns() - start;
    int status;
    waitpid(child, &status, 0);
    if (pingpong) report(name, "pingpong", size, lat, count, elapsed);
    return WEXITSTATUS(status);
}
