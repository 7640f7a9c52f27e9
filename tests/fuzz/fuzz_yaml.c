/* libFuzzer target for everything that reads a content file before
 * Markdown: front matter splitting, YAML (libyaml and our value tree),
 * the standard fields and dates.
 *   make fuzz FUZZ=yaml SECONDS=60 */
#include "../../generator/content/front_matter.h"
#include "../../generator/content/page.h"
#include "../../generator/data/value.h"
#include "../../generator/data/yaml.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static buf sink = BUF_INIT;
    diag_capture(&sink);
    const char *text = (const char *)data, *yaml;
    size_t ylen, off;
    unsigned line;
    arena a = ARENA_INIT;
    if (fm_split("fuzz.md", text, size, &yaml, &ylen, &off, &line) == 0) {
        struct page p = {.src = "fuzz.md"};
        fm_parse(&a, &p, yaml, ylen);
    }
    value *v = yaml_parse(&a, text, size, "fuzz.yml", 0);
    if (v) {
        buf b = BUF_INIT;
        val_write_json(v, &b);
        val_clone(&a, v);
        buf_release(&b);
    }
    arena_release(&a);
    buf_clear(&sink);
    return 0;
}
