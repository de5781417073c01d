// Tesseract (Debian's libtesseract 5.3, built without TESSERACT_IMAGEDATA_AS_PIX) keeps every text-line
// image it recognizes as a PNG in memory: ImageData::SetPix encodes the clipped line with
// pixWriteMem(..., IFF_PNG) and ImageData::PreScale decodes it again a moment later, before scaling
// it to the LSTM's input height. On a 300 dpi grey page that round trip is deflate at zlib's default
// level over every line's pixels, measured at ~6-9% of the page's CPU time (libz in perf).
//
// This definition of pixWriteMem, in the executable, takes precedence over Leptonica's (ELF symbol
// interposition: libtesseract calls it through its PLT). PNG is written with zlib level 0 (stored
// blocks): the same pixels come back from pixReadMem, only the compression work is gone. Every
// other format goes to Leptonica's own pixWriteMem. The pix's `special` field (where Leptonica
// keeps a per-image zlib level) is restored afterwards.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include "CLeptonicaOverrides.h"

int accord_line_image_png_level(void) { return 0; }

typedef l_ok (*WriteMem)(l_uint8 **, size_t *, PIX *, l_int32);

l_ok pixWriteMem(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format) {
    if (format == IFF_PNG && pix != NULL && pdata != NULL && psize != NULL) {
        l_int32 special = pix->special;
        pixSetZlibCompression(pix, accord_line_image_png_level());
        l_ok rc = pixWriteMemPng(pdata, psize, pix, 0.0);
        pix->special = special;
        return rc;
    }
    WriteMem leptonica = (WriteMem)dlsym(RTLD_NEXT, "pixWriteMem");
    if (leptonica == NULL) return 1;
    return leptonica(pdata, psize, pix, format);
}
