/* install: where loa's own files are (the themes shipped with it).
 * An installed loa finds them under LOA_DATADIR (PREFIX/share/loa); a
 * loa run from its source tree (build/loa) finds the tree's themes/. */
#pragma once

/* The folder of the theme `name` shipped with loa, malloc'd, or NULL if
 * there is none.  name must be a plain folder name (no '/', no "..").
 * Looks in LOA_DATADIR/themes, then beside the executable:
 * EXE_DIR/../share/loa/themes and EXE_DIR/../themes. */
char *install_theme_dir(const char *name);
