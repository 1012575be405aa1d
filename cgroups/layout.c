/* Host layout detection from mountinfo and /proc/self/cgroup: which hierarchies are mounted where
 * (v1, unified v2 or hybrid), which controllers each holds, and where the caller sits in each. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../turf/base/cleanup.h"
#include "../turf/base/fileio.h"
#include "internal.h"

#define PROC_FILE_MAX (8u * 1024 * 1024)

struct cg_mount {
    char *dev;  /* major:minor, one per hierarchy */
    char *root; /* the mount's root inside the hierarchy */
    char *point;
    int version;
    char **opts; /* v1 super options */
};

static void free_mounts(struct cg_mount *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].dev);
        free(m[i].root);
        free(m[i].point);
        cg_strv_free(m[i].opts);
    }
    free(m);
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape_octal(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '7' && r[2] >= '0' && r[2] <= '7' &&
            r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

/* Splits s at sep into a new NULL-terminated vector (empty pieces dropped). */
static char **split(const char *s, char sep)
{
    size_t cap = 8, n = 0;
    char **v = calloc(cap, sizeof(*v));
    if (!v)
        return NULL;
    while (*s) {
        const char *e = strchr(s, sep);
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len > 0) {
            if (n + 1 >= cap) {
                char **bigger = realloc(v, cap * 2 * sizeof(*v));
                if (!bigger) {
                    cg_strv_free(v);
                    return NULL;
                }
                v = bigger;
                cap *= 2;
            }
            v[n] = strndup(s, len);
            if (!v[n]) {
                cg_strv_free(v);
                return NULL;
            }
            v[++n] = NULL;
        }
        if (!e)
            break;
        s = e + 1;
    }
    return v;
}

static bool under_sys_fs_cgroup(const char *p)
{
    return strncmp(p, "/sys/fs/cgroup", 14) == 0 && (p[14] == '\0' || p[14] == '/');
}

/* Collects the cgroup and cgroup2 mounts, one per hierarchy (a bind mount of the same
 * hierarchy elsewhere is skipped; a mount under /sys/fs/cgroup is preferred). */
static int parse_mountinfo(const char *path, struct cg_mount **out, size_t *n_out,
                           struct turf_error **err)
{
    _cleanup_free_ char *text = NULL;
    int r = turf_read_file(path, PROC_FILE_MAX, &text, NULL, err);
    if (r < 0)
        return r;
    struct cg_mount *mounts = NULL;
    size_t n = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[6] = {0};
        char *p = line;
        size_t nf = 0;
        while (nf < 6 && p) {
            f[nf++] = p;
            p = strchr(p, ' ');
            if (p)
                *p++ = '\0';
        }
        char *dash = p ? strstr(p, "- ") : NULL;
        if (nf < 6 || !dash || (dash != p && dash[-1] != ' '))
            continue;
        char *fstype = dash + 2, *source = strchr(fstype, ' ');
        if (!source)
            continue;
        *source++ = '\0';
        char *super = strchr(source, ' ');
        super = super ? super + 1 : (char *)"";
        int version = strcmp(fstype, "cgroup2") == 0 ? 2 : strcmp(fstype, "cgroup") == 0 ? 1 : 0;
        if (!version)
            continue;
        unescape_octal(f[3]);
        unescape_octal(f[4]);

        struct cg_mount *dup = NULL;
        for (size_t i = 0; i < n; i++)
            if (strcmp(mounts[i].dev, f[2]) == 0 && mounts[i].version == version)
                dup = &mounts[i];
        if (dup) {
            if (!under_sys_fs_cgroup(dup->point) && under_sys_fs_cgroup(f[4])) {
                char *root = strdup(f[3]), *point = strdup(f[4]);
                if (!root || !point) {
                    free(root);
                    free(point);
                    free_mounts(mounts, n);
                    return turf_error_errno(err, -ENOMEM, "parse %s", path);
                }
                free(dup->root);
                free(dup->point);
                dup->root = root;
                dup->point = point;
            }
            continue;
        }
        struct cg_mount *bigger = realloc(mounts, (n + 1) * sizeof(*mounts));
        if (!bigger) {
            free_mounts(mounts, n);
            return turf_error_errno(err, -ENOMEM, "parse %s", path);
        }
        mounts = bigger;
        struct cg_mount *m = &mounts[n++];
        *m = (struct cg_mount){.version = version};
        m->dev = strdup(f[2]);
        m->root = strdup(f[3]);
        m->point = strdup(f[4]);
        m->opts = split(super, ',');
        if (!m->dev || !m->root || !m->point || !m->opts) {
            free_mounts(mounts, n);
            return turf_error_errno(err, -ENOMEM, "parse %s", path);
        }
    }
    *out = mounts;
    *n_out = n;
    return 0;
}

/* The caller's path relative to the mount: /proc/self/cgroup shows it relative to the
 * hierarchy (or cgroup namespace) root, and a mount may expose only a subtree (its root). */
static int own_relative(const char *own, const char *root, char **out)
{
    *out = NULL;
    if (strstr(own, "/..") || own[0] != '/')
        return 0; /* outside our cgroup namespace: not addressable through this mount */
    const char *rel = own;
    if (strcmp(root, "/") != 0) {
        size_t rlen = strlen(root);
        if (strncmp(own, root, rlen) == 0 && (own[rlen] == '/' || own[rlen] == '\0'))
            rel = own + rlen;
    }
    while (*rel == '/')
        rel++;
    *out = strdup(rel);
    return *out ? 0 : -ENOMEM;
}

void cg_layout_free(struct cg_layout *layout)
{
    if (!layout)
        return;
    for (size_t i = 0; i < layout->n; i++) {
        free(layout->h[i].mount);
        cg_strv_free(layout->h[i].controllers);
        free(layout->h[i].own);
        free(layout->h[i].own_raw);
    }
    free(layout->h);
    free(layout);
}

static int add_hierarchy(struct cg_layout *l, int version, const struct cg_mount *m,
                         char **controllers, const char *own_path)
{
    struct cg_hierarchy *bigger = realloc(l->h, (l->n + 1) * sizeof(*l->h));
    if (!bigger) {
        cg_strv_free(controllers);
        return -ENOMEM;
    }
    l->h = bigger;
    struct cg_hierarchy *h = &l->h[l->n++];
    *h = (struct cg_hierarchy){.version = version, .controllers = controllers};
    h->mount = strdup(m->point);
    h->own_raw = strdup(own_path);
    if (!h->mount || !h->own_raw || own_relative(own_path, m->root, &h->own) < 0)
        return -ENOMEM;
    return 0;
}

int cg_layout_detect_from(const char *mountinfo_path, const char *proc_cgroup_path,
                          struct cg_layout **out, struct turf_error **err)
{
    struct cg_mount *mounts = NULL;
    size_t n_mounts = 0;
    int r = parse_mountinfo(mountinfo_path, &mounts, &n_mounts, err);
    if (r < 0)
        return r;
    _cleanup_free_ char *self = NULL;
    r = turf_read_file(proc_cgroup_path, PROC_FILE_MAX, &self, NULL, err);
    if (r < 0) {
        free_mounts(mounts, n_mounts);
        return r;
    }
    __attribute__((cleanup(cg_layout_freep))) struct cg_layout *l = calloc(1, sizeof(*l));
    if (!l) {
        free_mounts(mounts, n_mounts);
        return turf_error_errno(err, -ENOMEM, "detect the cgroup layout");
    }

    bool v1_controllers = false;
    char *save = NULL;
    for (char *line = strtok_r(self, "\n", &save); line && r == 0;
         line = strtok_r(NULL, "\n", &save)) {
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c1 = *c2 = '\0';
        const char *id = line, *names = c1 + 1, *path = c2 + 1;
        if (strcmp(id, "0") == 0 && names[0] == '\0') {
            for (size_t i = 0; i < n_mounts; i++) {
                if (mounts[i].version != 2)
                    continue;
                _cleanup_free_ char *text = NULL;
                struct turf_error *ignored = NULL;
                if (cg_read(mounts[i].point, "cgroup.controllers", &text, &ignored) < 0)
                    turf_error_free(&ignored);
                char *nl = text ? strchr(text, '\n') : NULL;
                if (nl)
                    *nl = '\0';
                char **ctrls = split(text ? text : "", ' ');
                r = ctrls ? add_hierarchy(l, 2, &mounts[i], ctrls, path) : -ENOMEM;
                break;
            }
            continue;
        }
        char **ctrls = split(names, ',');
        if (!ctrls) {
            r = -ENOMEM;
            break;
        }
        const struct cg_mount *m = NULL;
        for (size_t i = 0; i < n_mounts && !m && ctrls[0]; i++) {
            if (mounts[i].version != 1)
                continue;
            bool all = true;
            for (char **c = ctrls; *c && all; c++)
                all = cg_strv_contains(mounts[i].opts, *c);
            if (all)
                m = &mounts[i];
        }
        if (!m) {
            cg_strv_free(ctrls); /* in the kernel but not mounted (net_cls here) */
            continue;
        }
        for (char **c = ctrls; *c; c++)
            if (strncmp(*c, "name=", 5) != 0)
                v1_controllers = true;
        r = add_hierarchy(l, 1, m, ctrls, path);
    }
    free_mounts(mounts, n_mounts);
    if (r < 0)
        return turf_error_errno(err, r, "detect the cgroup layout from %s and %s", mountinfo_path,
                                proc_cgroup_path);
    if (l->n == 0)
        return turf_error_set(err, -ENOENT,
                              "detect the cgroup layout: no cgroup or cgroup2 mount in %s matches "
                              "the hierarchies in %s",
                              mountinfo_path, proc_cgroup_path);
    bool v2 = false;
    for (size_t i = 0; i < l->n; i++)
        v2 |= l->h[i].version == 2;
    l->mode = !v2 ? CG_MODE_V1 : v1_controllers ? CG_MODE_HYBRID : CG_MODE_V2;
    *out = TURF_STEAL(l);
    return 0;
}

int cg_layout_detect(struct cg_layout **out, struct turf_error **err)
{
    return cg_layout_detect_from("/proc/self/mountinfo", "/proc/self/cgroup", out, err);
}

enum cg_mode cg_layout_mode(const struct cg_layout *layout)
{
    return layout->mode;
}

const char *cg_mode_name(enum cg_mode mode)
{
    switch (mode) {
    case CG_MODE_V1:
        return "v1";
    case CG_MODE_V2:
        return "v2";
    case CG_MODE_HYBRID:
        return "hybrid";
    }
    return "unknown";
}

static const struct cg_hierarchy *find_hierarchy(const struct cg_layout *layout,
                                                 const char *controller)
{
    for (size_t i = 0; i < layout->n; i++) {
        const struct cg_hierarchy *h = &layout->h[i];
        if (controller[0] == '\0' ? h->version == 2 : cg_strv_contains(h->controllers, controller))
            return h;
    }
    return NULL;
}

const char *cg_layout_controller_mount(const struct cg_layout *layout, const char *controller,
                                       int *version)
{
    const struct cg_hierarchy *h = find_hierarchy(layout, controller);
    if (h && version)
        *version = h->version;
    return h ? h->mount : NULL;
}

const char *cg_layout_own_cgroup(const struct cg_layout *layout, const char *controller)
{
    const struct cg_hierarchy *h = find_hierarchy(layout, controller);
    return h ? h->own_raw : NULL;
}
