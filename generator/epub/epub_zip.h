/* epub_zip: the OCF container (EPUB's zip profile), written reproducibly.
 * Entries are written in the order added, all with one fixed DOS time,
 * fixed attributes, no extra fields and one compression level, so the
 * same input gives byte-identical files.  Internal to generator/epub/. */
#pragma once
#include <stddef.h>

struct ocf;

enum ocf_method { OCF_STORE, OCF_DEFLATE };

/* Starts a container at path (truncated if present; the caller writes to
 * a temporary name and renames).  NULL after reporting through diag. */
struct ocf *ocf_open(const char *path);
/* Adds name (ASCII, '/'-separated) with data.  The data is NOT copied: it
 * must stay valid until ocf_close/ocf_discard.  0, or -1 after reporting. */
int ocf_add(struct ocf *z, const char *name, const void *data, size_t len,
            enum ocf_method how);
/* Writes the file and frees z.  0, or -1 after reporting. */
int ocf_close(struct ocf *z);
/* Frees z without writing anything. */
void ocf_discard(struct ocf *z);
