/* The public OCI config API: loading, serialising, comparing and freeing (config.h), over the
 * codec and the schema in config-schema.c. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../turf/base/cleanup.h"
#include "../turf/base/fileio.h"
#include "codec.h"
#include "config-schema.h"

int oci_config_parse_string(const char *json, size_t len, const char *source,
                            struct oci_config **out, struct turf_error **err)
{
    return codec_parse_text(&oci_config_type, json, len, source, (void **)out, err);
}

int oci_config_parse_json(json_t *root, const char *source, struct oci_config **out,
                          struct turf_error **err)
{
    return codec_parse(&oci_config_type, root, source, (void **)out, err);
}

int oci_config_parse_file(const char *path, struct oci_config **out, struct turf_error **err)
{
    _cleanup_free_ char *text = NULL;
    size_t len;
    *out = NULL;
    int r = turf_read_file(path, OCI_CONFIG_MAX_SIZE, &text, &len, err);
    if (r < 0)
        return r;
    return oci_config_parse_string(text, len, path, out, err);
}

int oci_config_load_bundle(const char *bundle, struct oci_config **out, struct turf_error **err)
{
    _cleanup_free_ char *path = NULL, *text = NULL;
    size_t len;
    *out = NULL;
    if (asprintf(&path, "%s/config.json", bundle) < 0)
        return turf_error_errno(err, -ENOMEM, "load bundle %s", bundle);
    int r = turf_read_file(path, OCI_CONFIG_MAX_SIZE, &text, &len, err);
    if (r < 0)
        return r;
    return oci_config_parse_string(text, len, "config.json", out, err);
}

json_t *oci_config_to_json(const struct oci_config *config)
{
    return codec_emit(&oci_config_type, config);
}

char *oci_config_dump(const struct oci_config *config)
{
    json_t *j = oci_config_to_json(config);
    if (!j)
        return NULL;
    char *s = codec_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    return s;
}

bool oci_config_equal(const struct oci_config *a, const struct oci_config *b)
{
    if (!a || !b)
        return a == b;
    return codec_equal(&oci_config_type, a, b);
}

void oci_config_free(struct oci_config *config)
{
    codec_free(&oci_config_type, config);
}

int oci_process_parse_string(const char *json, size_t len, const char *source,
                             struct oci_process **out, struct turf_error **err)
{
    return codec_parse_text(&oci_process_type, json, len, source, (void **)out, err);
}

int oci_process_copy(const struct oci_process *p, struct oci_process **out, struct turf_error **err)
{
    json_t *j = codec_emit(&oci_process_type, p);
    if (!j)
        return turf_error_errno(err, -ENOMEM, "copy process");
    int r = codec_parse(&oci_process_type, j, "process", (void **)out, err);
    json_decref(j);
    return r;
}

void oci_process_free(struct oci_process *p)
{
    codec_free(&oci_process_type, p);
}

int oci_resources_parse_string(const char *json, size_t len, const char *source,
                               struct oci_resources **out, struct turf_error **err)
{
    return codec_parse_text(&oci_resources_type, json, len, source, (void **)out, err);
}

void oci_resources_free(struct oci_resources *r)
{
    codec_free(&oci_resources_type, r);
}

const char *oci_map_get(const struct oci_map *map, const char *key)
{
    for (size_t i = 0; i < map->n_entries; i++)
        if (strcmp(map->entries[i].key, key) == 0)
            return map->entries[i].value;
    return NULL;
}

size_t oci_strv_len(char *const *strv)
{
    size_t n = 0;
    while (strv && strv[n])
        n++;
    return n;
}

const struct oci_namespace *oci_config_find_namespace(const struct oci_config *config,
                                                      const char *type)
{
    if (!config->linux_)
        return NULL;
    for (size_t i = 0; i < config->linux_->n_namespaces; i++)
        if (strcmp(config->linux_->namespaces[i].type, type) == 0)
            return &config->linux_->namespaces[i];
    return NULL;
}
