/* The names the runtime-spec uses for kernel constants: capabilities, rlimits and namespaces.
 * The config validator rejects unknown names with them, and the sandbox setup maps names to
 * numbers with them, so both agree on what a name means. */
#ifndef TURF_OCI_NAMES_H
#define TURF_OCI_NAMES_H

#include <stddef.h>

/* "CAP_SYS_ADMIN" -> 21; -1 for a name Turf does not know. */
int oci_capability_from_name(const char *name);
/* 21 -> "CAP_SYS_ADMIN"; NULL past the last known capability. */
const char *oci_capability_name(int cap);
/* The highest capability number Turf knows by name. */
int oci_capability_last(void);

/* "RLIMIT_NOFILE" -> RLIMIT_NOFILE; -1 when unknown. */
int oci_rlimit_from_name(const char *name);

/* "pid" -> CLONE_NEWPID ...; 0 when unknown. */
unsigned long oci_namespace_clone_flag(const char *type);
/* The name of the namespace file under /proc/PID/ns for a type ("network" -> "net"). */
const char *oci_namespace_proc_name(const char *type);

/* NULL-terminated lists, for "expected one of" checks. */
extern const char *const oci_namespace_types[];

#endif
