/* Turf's own OCI annotations (run.turf.*) as the cold path sees them: reserved names that a
 * plain `turf create` accepts and ignores. */
#ifndef TURF_CLI_ANNOTATIONS_H
#define TURF_CLI_ANNOTATIONS_H

/* Logs (at debug level) each run.turf.* annotation of the bundle's config that the cold path
 * ignores, such as run.turf.seed (WarmFork through containerd, a later step). Never fails:
 * create itself reports a config it cannot read. */
void turf_note_ignored_annotations(const char *bundle);

#endif
