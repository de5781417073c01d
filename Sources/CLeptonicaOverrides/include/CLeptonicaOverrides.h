// Leptonica functions that Tesseract calls, overridden for the whole process by definitions in the
// executable (ELF symbol interposition: libtesseract calls them through its PLT). Each returns what
// Leptonica's own returns; only the work differs. See line_images.c and open_brick.c.
#ifndef C_LEPTONICA_OVERRIDES_H
#define C_LEPTONICA_OVERRIDES_H
#include <leptonica/allheaders.h>
/// The zlib level pixWriteMem uses for PNG in this process (0: stored, no compression).
int accord_line_image_png_level(void);
/// Whether pixWriteMem(IFF_PNG) stores `pix` raw (1 or 8 bpp, one sample, no colormap or text).
int accord_raw_line_image_eligible(PIX *pix);
/// Leptonica's own pixWriteMem and pixReadMem, for comparison in tests.
l_ok accord_leptonica_write_mem(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format);
PIX *accord_leptonica_read_mem(const l_uint8 *data, size_t size);
/// Leptonica's pixOpenBrick (rasterop morphology), for comparison in tests.
PIX *accord_leptonica_open_brick(PIX *pixd, PIX *pixs, l_int32 hsize, l_int32 vsize);
#endif
