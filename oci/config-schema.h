/* The codec description of struct oci_config (defined in config-schema.c). Internal. */
#ifndef TURF_OCI_CONFIG_SCHEMA_H
#define TURF_OCI_CONFIG_SCHEMA_H

#include "codec.h"

extern const struct codec_type oci_config_type;
extern const struct codec_type oci_process_type;
extern const struct codec_type oci_resources_type;

#endif
