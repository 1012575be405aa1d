/* Learning, once per seed, which pages a sandbox touches, so that pooled children copy them
 * ahead of time. After fork a child shares all of the seed's memory; each page it first writes
 * costs a copy-on-write fault (about 6 µs on a virtual machine, and a JavaScript request
 * writes a few hundred pages), and each page of code it first runs a minor fault. A throwaway
 * fork of the seed rehearses a sandbox (the runtime's prepare and rehearse functions), then
 * reads its own page table: the pages it made its own and the file pages it mapped. Every
 * child inherits that list; a pooled child populates those pages (MADV_POPULATE_WRITE /
 * _READ: the same copies, made by the kernel in one call) while turfd is idle. */
#include "prefault.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../base/cleanup.h"

#define PAGE              4096ul
#define PM_PRESENT        (1ull << 63)
#define PM_MMAP_EXCLUSIVE (1ull << 56)
#define MAX_RANGES        4096
#define MAX_VMA           (16ul << 30) /* larger reservations (a sanitizer's shadow) are skipped */
#define REHEARSAL_TIMEOUT 10000        /* ms: a rehearsal that hangs is given up, not waited for */

struct range {
    uintptr_t start;
    size_t len;
    int advice; /* MADV_POPULATE_WRITE or MADV_POPULATE_READ */
};

static struct range *ranges;
static size_t n_ranges;

struct vma {
    uintptr_t start, end;
    int advice;
};

/* The mappings worth reading the page table of: writable private ones holding pages of their
 * own (Private_Dirty), and read-only file mappings with pages mapped (code and constants: fork
 * does not copy their page table entries, so the child mapped every one it has). */
static size_t interesting_vmas(struct vma *out, size_t max)
{
    FILE *f = fopen("/proc/self/smaps", "re");
    if (!f)
        return 0;
    char line[512];
    size_t n = 0;
    struct vma cur = {0};
    bool have = false;
    while (fgets(line, sizeof(line), f)) {
        uintptr_t start, end;
        char perms[8];
        unsigned long long inode;
        long kb;
        if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %7s %*s %*s %llu", &start, &end, perms,
                   &inode) == 4) {
            have = perms[3] == 'p' && perms[0] == 'r';
            cur = (struct vma){start, end, 0};
            if (have && perms[1] == 'w')
                cur.advice = MADV_POPULATE_WRITE;
            else if (have && inode != 0)
                cur.advice = MADV_POPULATE_READ;
            else
                have = false;
            continue;
        }
        if (!have || n == max || cur.end - cur.start > MAX_VMA)
            continue;
        if ((cur.advice == MADV_POPULATE_WRITE && sscanf(line, "Private_Dirty: %ld", &kb) == 1 &&
             kb > 0) ||
            (cur.advice == MADV_POPULATE_READ && sscanf(line, "Rss: %ld", &kb) == 1 && kb > 0)) {
            out[n++] = cur;
            have = false;
        }
    }
    fclose(f);
    return n;
}

static void add_page(struct range *out, size_t *n, uintptr_t addr, int advice)
{
    struct range *last = *n ? &out[*n - 1] : NULL;
    if (last && last->advice == advice && last->start + last->len == addr) {
        last->len += PAGE;
        return;
    }
    if (*n < MAX_RANGES)
        out[(*n)++] = (struct range){addr, PAGE, advice};
}

/* The pages of this process, in the mappings above, that it has made its own (written) or
 * mapped (read). */
static size_t scan(struct range *out)
{
    struct vma *vmas = calloc(1024, sizeof(*vmas));
    _cleanup_close_ int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    size_t n = 0, n_vmas = vmas && pm >= 0 ? interesting_vmas(vmas, 1024) : 0;
    uint64_t entries[512];
    for (size_t v = 0; v < n_vmas; v++) {
        for (uintptr_t a = vmas[v].start; a < vmas[v].end;) {
            size_t count = (vmas[v].end - a) / PAGE;
            if (count > 512)
                count = 512;
            ssize_t got = pread(pm, entries, count * sizeof(entries[0]), (off_t)(a / PAGE * 8));
            if (got <= 0)
                break;
            for (size_t i = 0; i < (size_t)got / sizeof(entries[0]); i++) {
                uint64_t e = entries[i];
                bool mine = vmas[v].advice == MADV_POPULATE_WRITE
                                ? (e & PM_PRESENT) && (e & PM_MMAP_EXCLUSIVE)
                                : (e & PM_PRESENT);
                if (mine)
                    add_page(out, &n, a + i * PAGE, vmas[v].advice);
            }
            a += (size_t)got / sizeof(entries[0]) * PAGE;
        }
    }
    free(vmas);
    return n;
}

static _Noreturn void rehearsal(int out, int (*prepare)(void *), void *prepare_data,
                                int (*rehearse)(void *), void *rehearse_data)
{
    if ((prepare && prepare(prepare_data) != 0) || rehearse(rehearse_data) != 0)
        _exit(1);
    struct range *found = calloc(MAX_RANGES, sizeof(*found));
    size_t n = found ? scan(found) : 0;
    const char *p = (const char *)found;
    size_t left = n * sizeof(*found);
    while (left > 0) {
        ssize_t w = write(out, p, left);
        if (w <= 0)
            _exit(1);
        p += w;
        left -= (size_t)w;
    }
    _exit(0);
}

int turf_seed_learn_pages(int (*prepare)(void *), void *prepare_data, int (*rehearse)(void *),
                          void *rehearse_data, struct turf_error **err)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return turf_error_errno(err, -errno, "rehearsal: pipe");
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return turf_error_errno(err, -errno, "rehearsal: fork");
    }
    if (pid == 0) {
        close(fds[0]);
        rehearsal(fds[1], prepare, prepare_data, rehearse, rehearse_data);
    }
    close(fds[1]);
    _cleanup_close_ int in = fds[0];
    struct range *got = calloc(MAX_RANGES, sizeof(*got));
    size_t bytes = 0, cap = MAX_RANGES * sizeof(*got);
    int r = got ? 0 : -ENOMEM;
    while (r == 0) {
        struct pollfd p = {.fd = in, .events = POLLIN};
        int ready = poll(&p, 1, REHEARSAL_TIMEOUT);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0) {
            r = ready == 0 ? -ETIMEDOUT : -errno;
            break;
        }
        ssize_t n = read(in, (char *)got + bytes, cap - bytes);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || (bytes += (size_t)n) == cap)
            break;
    }
    if (r < 0)
        kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (r == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        r = -ECHILD;
    if (r < 0) {
        free(got);
        return turf_error_errno(err, r, "rehearse a sandbox");
    }
    free(ranges);
    ranges = got;
    n_ranges = bytes / sizeof(*got);
    return 0;
}

void turf_seed_prefault_stats(size_t *write_pages, size_t *read_pages)
{
    *write_pages = *read_pages = 0;
    for (size_t i = 0; i < n_ranges; i++)
        *(ranges[i].advice == MADV_POPULATE_WRITE ? write_pages : read_pages) +=
            ranges[i].len / PAGE;
}

void turf_seed_prefault(void)
{
    for (size_t i = 0; i < n_ranges; i++)
        madvise((void *)ranges[i].start, ranges[i].len, ranges[i].advice);
}
