/* The runtime-spec state document, through the same codec as config.json (see state.h). */
#include "state.h"

#include <string.h>

#include "codec.h"

static const char *const statuses[] = {"creating", "created", "running", "stopped", NULL};

static int check_id(struct codec_ctx *ctx, const void *value)
{
    const char *id = value;
    if (!*id || strchr(id, '/') || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
        return codec_error(ctx, NULL, "\"%s\" is not a valid container id", id);
    return 0;
}

static int check_bundle(struct codec_ctx *ctx, const void *value)
{
    if (((const char *)value)[0] != '/')
        return codec_error(ctx, NULL, "must be an absolute path, got \"%s\"", (const char *)value);
    return 0;
}

static int check_state(struct codec_ctx *ctx, const void *object)
{
    const struct oci_state *s = object;
    bool alive = strcmp(s->status, "created") == 0 || strcmp(s->status, "running") == 0;
    if (alive && !s->pid.set)
        return codec_error(ctx, "pid", "required while the container is %s", s->status);
    return 0;
}

static const struct codec_field state_fields[] = {
    CODEC_FIELD("ociVersion", CODEC_STRING, struct oci_state, oci_version, .required = true),
    CODEC_FIELD("id", CODEC_STRING, struct oci_state, id, .required = true, .check = check_id),
    CODEC_FIELD("status", CODEC_STRING, struct oci_state, status, .required = true,
                .one_of = statuses),
    CODEC_FIELD("pid", CODEC_I32, struct oci_state, pid, CODEC_RANGE(0, INT32_MAX)),
    CODEC_FIELD("bundle", CODEC_STRING, struct oci_state, bundle, .required = true,
                .check = check_bundle),
    CODEC_FIELD("annotations", CODEC_STRING_MAP, struct oci_state, annotations),
};
static const struct codec_type state_type =
    CODEC_TYPE(struct oci_state, state_fields, .check = check_state);

int oci_state_parse_string(const char *json, size_t len, const char *source, struct oci_state **out,
                           struct turf_error **err)
{
    return codec_parse_text(&state_type, json, len, source, (void **)out, err);
}

json_t *oci_state_to_json(const struct oci_state *state)
{
    return codec_emit(&state_type, state);
}

char *oci_state_dump(const struct oci_state *state)
{
    json_t *j = oci_state_to_json(state);
    if (!j)
        return NULL;
    char *s = codec_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    return s;
}

bool oci_state_equal(const struct oci_state *a, const struct oci_state *b)
{
    return codec_equal(&state_type, a, b);
}

void oci_state_free(struct oci_state *state)
{
    codec_free(&state_type, state);
}
