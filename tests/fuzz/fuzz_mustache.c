/* libFuzzer target for the Mustache engine.  The input is a template,
 * then NUL-separated partials named a, b, c, ... (at most 8); the
 * template itself is registered as "t", so it can include itself.  It is
 * compiled and rendered, leniently and strictly, against a fixed data
 * tree that has every kind of value.
 *   make fuzz FUZZ=mustache SECONDS=60 */
#include "../../generator/data/value.h"
#include "../../generator/data/yaml.h"
#include "../../generator/templates/mustache.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char yaml_data[] =
    "name: \"x<&>'\\\"\"\n"
    "n: 3\nf: 1.5\nt: true\nno: false\nnil: null\nempty: \"\"\n"
    "list: [1, two, {a: b}, [x, y]]\n"
    "map: {a: {b: c}, list: [a, b], dyn: b}\n"
    "dyn: a\n"
    "nodes: [{dyn: a, nodes: [{dyn: b, nodes: []}]}]\n";

static arena data_arena;
static const value *data;
static str parts[8];
static size_t nparts;

static char *loader(void *ud, const char *name, char **path)
{
    (void)ud;
    if (name[0] < 'a' || name[0] >= 'a' + (int)nparts || name[1]) return NULL;
    str p = parts[name[0] - 'a'];
    char *s = malloc(p.len + 1);
    *path = strdup(name);
    if (!s || !*path) die_oom();
    memcpy(s, p.ptr, p.len);
    s[p.len] = '\0';
    return s;
}

static void render(mus_cache *c, const mus_template *t, int strict)
{
    buf out = BUF_INIT;
    struct mus_render_opts o = {.strict = strict};
    mus_render(c, t, &mus_value_ops, NULL, data, &o, &out);
    buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
    if (!data) data = yaml_parse(&data_arena, yaml_data, sizeof yaml_data - 1, "data", 0);
    const char *s = (const char *)in, *end = s + n, *nul = memchr(s, 0, n);
    size_t tlen = nul ? (size_t)(nul - s) : n;
    nparts = 0;
    for (const char *p = nul; p && p < end && nparts < 8;) {
        const char *q = memchr(p + 1, 0, (size_t)(end - p - 1));
        parts[nparts++] = (str){p + 1, (size_t)((q ? q : end) - p - 1)};
        p = q;
    }
    buf msgs = BUF_INIT;
    diag_capture(&msgs);
    mus_cache *c = mus_cache_new(loader, NULL);
    mus_template *t = mus_compile(c, "t", "t.mustache", s, tlen);
    if (t) {
        render(c, t, 0);
        render(c, t, 1);
    }
    mus_cache_free(c);
    diag_capture(NULL);
    diag_reset();
    buf_release(&msgs);
    return 0;
}
