/* Subcommands.  Each takes argv with argv[0] = the command name and
 * returns the process exit status (0 ok, 1 content errors, 2 usage). */
#pragma once
int cmd_build(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
