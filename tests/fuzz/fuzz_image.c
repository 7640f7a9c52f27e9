/* libFuzzer target for the image header reader (PNG, JPEG, WebP, GIF, SVG).
 *   make fuzz FUZZ=image SECONDS=60 */
#include "../../generator/util/image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct image_info info;
    int r = image_probe_mem(data, size, &info);
    /* a failure always says why (callers print it), a success never does */
    size_t n = strnlen(info.problem, sizeof info.problem);
    if (n == sizeof info.problem || (r == -1) != (n > 0)) abort();
    if (r == 0 && !info.media_type) abort();
    if (r != 0 && (info.media_type || info.width || info.height)) abort();
    return 0;
}
