/* loa render: one Mustache template to standard output, for trying out
 * theme templates and for scripts. */
#include "cli.h"
#include "../data/value.h"
#include "../data/yaml.h"
#include "../templates/mustache.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: loa render TEMPLATE [--data FILE.yml|FILE.json] [--partials DIR] [--strict]\n"
    "\n"
    "Renders a Mustache template to standard output.\n"
    "\n"
    "  --data FILE      the data, YAML or JSON (default: an empty map)\n"
    "  --partials DIR   where {{>name}} and {{<name}} find DIR/name.mustache\n"
    "                   (default: the template's folder)\n"
    "  --strict         a variable or partial missing from the data is an error\n"
    "  -h, --help       this text\n"
    "\n"
    "Exit status: 0 rendered, 1 template or data error, 2 usage error.\n";

struct opts {
    const char *tpl, *data, *partials;
    int strict;
};

__attribute__((format(printf, 1, 2)))
static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loa render: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nusage: loa render TEMPLATE [--data FILE] [--partials DIR] [--strict]\n"
          "(loa render --help for more)\n", stderr);
    return 2;
}

/* Returns -1 after --help, 2 on a usage error, 0 otherwise. */
static int parse_args(int argc, char **argv, struct opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(help, stdout);
            return -1;
        }
        if (!strcmp(a, "--strict")) o->strict = 1;
        else if (!strncmp(a, "--data=", 7)) o->data = a + 7;
        else if (!strncmp(a, "--partials=", 11)) o->partials = a + 11;
        else if (!strcmp(a, "--data") || !strcmp(a, "--partials")) {
            if (i + 1 == argc) return usage("%s needs a value", a);
            *(a[2] == 'd' ? &o->data : &o->partials) = argv[++i];
        } else if (a[0] == '-' && a[1]) return usage("unknown option '%s'", a);
        else if (o->tpl) return usage("one template at a time ('%s' and '%s')", o->tpl, a);
        else o->tpl = a;
    }
    return o->tpl ? 0 : usage("no template given");
}

/* Partial `name` is DIR/name.mustache; names may hold folders but not "..". */
static char *load_partial(void *ud, const char *name, char **path)
{
    if (name[0] == '/' || strstr(name, "..")) return NULL;
    buf file = BUF_INIT, src = BUF_INIT;
    buf_printf(&file, "%s/%s.mustache", (const char *)ud, name);
    if (fs_read_file(file.data, &src) != 0) {
        buf_release(&file);
        buf_release(&src);
        return NULL;
    }
    *path = buf_detach(&file);
    return buf_detach(&src);
}

/* The template's name for {{>name}} inside its own folder: "page" for
 * layouts/page.mustache. */
static char *name_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 9 && !strcmp(base + n - 9, ".mustache")) n -= 9;
    char *s = strndup(base, n);
    if (!s) die_oom();
    return s;
}

static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *s = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    if (!s) die_oom();
    return s;
}

static int render(const struct opts *o, const buf *src, const value *data, buf *out)
{
    char *dir = o->partials ? strdup(o->partials) : folder_of(o->tpl), *name = name_of(o->tpl);
    if (!dir) die_oom();
    mus_cache *c = mus_cache_new(load_partial, dir);
    mus_template *t = mus_compile(c, name, o->tpl, src->data, src->len);
    struct mus_render_opts ro = {.strict = o->strict, .subject = o->tpl};
    int rc = t ? mus_render(c, t, &mus_value_ops, NULL, data, &ro, out) : -1;
    mus_cache_free(c);
    free(name);
    free(dir);
    return rc;
}

int cmd_render(int argc, char **argv)
{
    struct opts o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc) return rc < 0 ? 0 : rc;
    diag_set_strict(o.strict);
    arena a = ARENA_INIT;
    buf src = BUF_INIT, out = BUF_INIT;
    const value *data = o.data ? yaml_load_file(&a, o.data) : val_map(&a);
    rc = 1;
    if (fs_read_file(o.tpl, &src) != 0)
        diag_error(DIAG_TPL_READ, o.tpl, 0, 0, "cannot read template: %s", fs_read_error(errno));
    else if (data && render(&o, &src, data, &out) == 0 && !diag_errors()) {
        fwrite(out.data, 1, out.len, stdout);
        rc = fflush(stdout) == 0 ? 0 : 1;
    }
    buf_release(&src);
    buf_release(&out);
    arena_release(&a);
    return rc;
}
