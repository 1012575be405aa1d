/* A table-driven JSON <-> C struct codec. Each struct is described once (its fields, their JSON
 * names, kinds and checks); one engine then parses with precise error paths, serialises, frees
 * and compares. The OCI config, the OCI state and later protocol messages all use it, so a new
 * field is one table row, and round trips hold by construction. Internal to Turf. */
#ifndef TURF_OCI_CODEC_H
#define TURF_OCI_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../turf/base/error.h"

enum codec_kind {
    CODEC_STRING,       /* char * */
    CODEC_STRV,         /* char **, NULL-terminated */
    CODEC_BOOL,         /* struct oci_bool */
    CODEC_I32,          /* struct oci_i32 */
    CODEC_U32,          /* struct oci_u32 */
    CODEC_I64,          /* struct oci_i64 */
    CODEC_U64,          /* struct oci_u64 */
    CODEC_U32_ARRAY,    /* uint32_t * + size_t count */
    CODEC_OBJECT,       /* struct T *, NULL when absent */
    CODEC_OBJECT_ARRAY, /* struct T * + size_t count */
    CODEC_OBJECT_MAP,   /* JSON object of objects: struct T * + count; T starts with char *key */
    CODEC_STRING_MAP,   /* JSON object of strings: struct oci_map */
};

struct codec_ctx;
struct codec_type;

/* A check on one parsed field. For CODEC_STRING it gets the string, for CODEC_STRV each item
 * (with the item's path), for everything else a pointer to the field in its struct. */
typedef int (*codec_check_fn)(struct codec_ctx *ctx, const void *value);

struct codec_field {
    const char *name;
    enum codec_kind kind;
    size_t offset;
    size_t count_offset; /* arrays and maps of objects: where the size_t count lives */
    const struct codec_type *type;
    bool required;
    bool ranged; /* integers: also check min..max */
    int64_t min, max;
    const char *const *one_of; /* strings, and the items of string lists: allowed values */
    codec_check_fn check;
};

struct codec_type {
    size_t size;
    const struct codec_field *fields;
    size_t n_fields;
    /* Checks across fields, run after all fields parsed; paths are relative to the object. */
    int (*check)(struct codec_ctx *ctx, const void *object);
};

/* Parses root into a new struct of the given type; on failure *out is NULL and *err says
 * "<source>: <path>: <problem>". */
int codec_parse(const struct codec_type *type, json_t *root, const char *source, void **out,
                struct turf_error **err);
/* Parses JSON text; syntax errors read "<source>: line L, column C: <problem>". */
int codec_parse_text(const struct codec_type *type, const char *text, size_t len,
                     const char *source, void **out, struct turf_error **err);
/* Decodes JSON text like json_loadb, but keeps integers beyond int64 (up to uint64 and past it,
 * for the field parsers to judge) as tagged strings that codec_parse reads as integers. Errors
 * read "<source>: line L, column C: <problem>". */
int codec_loadb(const char *text, size_t len, size_t flags, const char *source, json_t **out,
                struct turf_error **err);
/* Emits an object. uint64 values above INT64_MAX come out tagged: write the result with
 * codec_dumps (not json_dumps), which prints them as plain JSON integers. */
json_t *codec_emit(const struct codec_type *type, const void *object);
/* json_dumps that writes tagged integers as integers. */
char *codec_dumps(const json_t *json, size_t flags);
bool codec_equal(const struct codec_type *type, const void *a, const void *b);
void codec_free(const struct codec_type *type, void *object);

/* For checks: report a problem at the current path, or at a path below it ("args[2].op",
 * "[3]"); sub may be NULL. Returns -EINVAL. */
int codec_error(struct codec_ctx *ctx, const char *sub, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Builds a field table entry. */
#define CODEC_FIELD(json, kind_, strct, member, ...)                                               \
    {                                                                                              \
        .name = (json), .kind = (kind_), .offset = offsetof(strct, member), __VA_ARGS__            \
    }
#define CODEC_ARRAY(json, kind_, strct, member, count, type_, ...)                                 \
    {                                                                                              \
        .name = (json), .kind = (kind_), .offset = offsetof(strct, member),                        \
        .count_offset = offsetof(strct, count), .type = (type_), __VA_ARGS__                       \
    }
#define CODEC_RANGE(lo, hi) .ranged = true, .min = (lo), .max = (hi)
#define CODEC_TYPE(strct, table, ...)                                                              \
    {                                                                                              \
        .size = sizeof(strct), .fields = (table), .n_fields = sizeof(table) / sizeof((table)[0]),  \
        __VA_ARGS__                                                                                \
    }

#endif
