/* libFuzzer target for the image header reader (PNG, JPEG, WebP, GIF, SVG).
 *   make fuzz FUZZ=image SECONDS=60 */
#include "../../generator/util/image.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct image_info info;
    image_probe_mem(data, size, &info);
    return 0;
}
