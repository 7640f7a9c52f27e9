/* Subcommands.  Each takes argv with argv[0] = the command name and
 * returns the process exit status (0 ok, 1 content errors, 2 usage). */
#pragma once
int cmd_build(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_serve(int argc, char **argv);
struct build_opts;
/* Sets o->now and o->have_epoch from SOURCE_DATE_EPOCH (whole seconds,
 * 0 to 9999-12-31), else the clock.  0, or -1 after saying why. */
int cli_build_time(struct build_opts *o);
int cmd_report(int argc, char **argv);
int cmd_help(int argc, char **argv);   /* loa help codes */
