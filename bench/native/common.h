/* The C twins of the Java transports: the same frame (24-byte header, ramp payload, CRC32C over
 * the payload then the first 20 header bytes), the same checks, the same output. Linux, x86-64
 * with SSE4.2 (hardware CRC32C). Build with ./build; see README.md. */
#define _GNU_SOURCE
#include <nmmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HEADER 24
#define REPLY_PAYLOAD 6

static uint8_t ramp[(1 << 20) + 512];

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static inline uint32_t crc32c(uint32_t crc, const uint8_t *p, size_t n) {
    uint64_t c = crc;
    while (n >= 8) { uint64_t v; memcpy(&v, p, 8); c = _mm_crc32_u64(c, v); p += 8; n -= 8; }
    while (n--) c = _mm_crc32_u8((uint32_t)c, *p++);
    return (uint32_t)c;
}

/* Java's CRC32C: initial ~0, final ~crc. */
static uint32_t frame_crc(const uint8_t *f, uint32_t len) {
    uint32_t c = crc32c(0xFFFFFFFFu, f + HEADER, len);
    c = crc32c(c, f, 20);
    return ~c;
}

static void init_ramp(void) { for (size_t i = 0; i < sizeof ramp; i++) ramp[i] = (uint8_t)i; }

static void fill(uint8_t *f, int64_t seq, uint32_t len) {
    memcpy(f + HEADER, ramp + (seq & 0xFF), len);
    memcpy(f, &seq, 8);
    memcpy(f + 16, &len, 4);
}

static void stamp(uint8_t *f, uint64_t t) {
    memcpy(f + 8, &t, 8);
    uint32_t len; memcpy(&len, f + 16, 4);
    uint32_t c = frame_crc(f, len);
    memcpy(f + 20, &c, 4);
}

static int64_t seq_of(const uint8_t *f) { int64_t s; memcpy(&s, f, 8); return s; }
static uint32_t len_of(const uint8_t *f) { uint32_t l; memcpy(&l, f + 16, 4); return l; }
static uint64_t time_of(const uint8_t *f) { uint64_t t; memcpy(&t, f + 8, 8); return t; }

/* 1 when the frame is message `expected`, intact, with the run's payload length. */
static int verify(const uint8_t *f, int64_t expected, uint32_t size) {
    uint32_t c; memcpy(&c, f + 20, 4);
    return seq_of(f) == expected && len_of(f) == size && frame_crc(f, size) == c
        && memcmp(f + HEADER, ramp + (expected & 0xFF), size) == 0;
}

static void reply(uint8_t *r, int64_t seq, uint64_t t) {
    memcpy(r + HEADER, "200 OK", REPLY_PAYLOAD);
    uint32_t len = REPLY_PAYLOAD;
    memcpy(r, &seq, 8); memcpy(r + 16, &len, 4);
    stamp(r, t);
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* One line, the same fields as the Java JSON's latency and throughput. */
static void report(const char *name, const char *mode, uint32_t size, uint64_t *lat, long n, uint64_t elapsed) {
    qsort(lat, n, sizeof *lat, cmp_u64);
    printf("%s %s size=%u count=%ld p50=%llu p90=%llu p99=%llu p999=%llu max=%llu msgs_per_s=%.0f\n", name, mode,
           size, n, (unsigned long long)lat[n / 2], (unsigned long long)lat[n * 9 / 10],
           (unsigned long long)lat[n * 99 / 100], (unsigned long long)lat[n * 999 / 1000],
           (unsigned long long)lat[n - 1], n * 1e9 / elapsed);
}

static void die(const char *what) { perror(what); exit(1); }

/* A byte stream (pipe, FIFO) may deliver less than asked: loop until all of it has moved. */
static inline void read_full(int fd, uint8_t *p, size_t n) {
    while (n) { ssize_t r = read(fd, p, n); if (r <= 0) die("read"); p += r; n -= r; }
}
static inline void write_full(int fd, const uint8_t *p, size_t n) {
    while (n) { ssize_t w = write(fd, p, n); if (w <= 0) die("write"); p += w; n -= w; }
}

/* The producer's step before each send: fill message s, then stamp the send time, last. */
static inline uint64_t prepare(uint8_t *f, int64_t s, uint32_t size) {
    fill(f, s, size);
    uint64_t t0 = now_ns();
    stamp(f, t0);
    return t0;
}

/* The consumer's one-way latency in a stream: arrival minus the send time in the header. */
typedef struct { uint64_t first_send, last; } stream_clock;

static inline void stream_record(stream_clock *c, uint64_t *lat, long s, long warmup, const uint8_t *f) {
    if (s < warmup) return;
    c->last = now_ns();
    if (s == warmup) c->first_send = time_of(f);
    lat[s - warmup] = c->last - time_of(f);
}

/* A reader for byte-stream sockets that, like Netty's and the JDK's buffered streams, takes
 * whatever the kernel has in one read and cuts frames out of its buffer: one read per message
 * (or fewer), not one for the header and one for the payload. */
typedef struct { int fd; size_t start, end; uint8_t buf[1 << 16]; } stream_reader;

static void reader_take(stream_reader *r, uint8_t *p, size_t n) {
    while (n) {
        if (r->start == r->end) {
            ssize_t got = read(r->fd, r->buf, sizeof r->buf);
            if (got <= 0) die("read");
            r->start = 0; r->end = (size_t)got;
        }
        size_t k = r->end - r->start < n ? r->end - r->start : n;
        memcpy(p, r->buf + r->start, k);
        r->start += k; p += k; n -= k;
    }
}

static inline void read_frame(stream_reader *r, uint8_t *f) {
    reader_take(r, f, HEADER);
    reader_take(r, f + HEADER, len_of(f));
}
