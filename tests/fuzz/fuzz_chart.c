/* libFuzzer target for ```chart blocks: header, CSV rows, checks and the
 * drawing of every type.  Whatever the input, chart_render either
 * reports errors or writes a figure that opens and closes its <svg>.
 *   make fuzz FUZZ=chart SECONDS=60 */
#include "../../generator/chart/chart.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static buf sink = BUF_INIT;
    static const char *const chain[] = {"vi"};
    const char *text = (const char *)data;
    size_t bad;
    if (!text_utf8_check(text, size, &bad)) return 0; /* the build rejects these first */
    diag_capture(&sink);
    struct chart_env env = {"fuzz.md", 4, 1, "/nonexistent", chain, 1, "chart-1"};
    arena a = ARENA_INIT;
    buf out = BUF_INIT;
    if (chart_render(&a, text, size, &env, &out, NULL) == 0 &&
        (!strstr(out.data, "<svg") || !strstr(out.data, "</svg>\n<table")))
        abort();
    buf_release(&out);
    arena_release(&a);
    buf_clear(&sink);
    return 0;
}
