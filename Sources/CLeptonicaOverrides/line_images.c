// Tesseract (Debian's libtesseract 5.3, built without TESSERACT_IMAGEDATA_AS_PIX) keeps every text-line
// image it recognizes as a PNG in memory: ImageData::SetPix encodes the clipped line with
// pixWriteMem(..., IFF_PNG) and ImageData::GetPix decodes it again with pixReadMem a moment later,
// before scaling it to the LSTM's input height. On a 300 dpi grey page that round trip was deflate at
// zlib's default level over every line's pixels (~6-9% of the page's CPU time, libz in perf); with zlib
// level 0 it still cost ~2% (row filters, CRC and Adler checksums, copies through libpng).
//
// The definitions of pixWriteMem and pixReadMem here, in the executable, take precedence over
// Leptonica's (ELF symbol interposition: libtesseract calls them through its PLT). pixWriteMem(IFF_PNG)
// of a 1 or 8 bpp image without colormap or text stores the pixels as they are, behind a header that
// no image format starts with; pixReadMem gives back such a buffer as the pix Leptonica's PNG round
// trip gives: same size, depth, samples per pixel, pixels (pad bits cleared), resolution (through the
// pixels-per-meter conversion PNG stores), input format IFF_PNG. These buffers live only inside this
// process (Tesseract's line images); nothing here writes pixWriteMem output to a file. Every other
// image and format goes to Leptonica's own functions (PNG at zlib level 0; the pix's `special` field,
// where Leptonica keeps a per-image zlib level, is restored afterwards).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <leptonica/allheaders.h>
#include "CLeptonicaOverrides.h"

int accord_line_image_png_level(void) { return 0; }

typedef l_ok (*WriteMem)(l_uint8 **, size_t *, PIX *, l_int32);
typedef PIX *(*ReadMem)(const l_uint8 *, size_t);

// 16 bytes no image format starts with, then width, height, depth, x and y resolution (int32 each).
static const char kMagic[16] = "accord-raw-pix1";
enum { kHeaderSize = 16 + 5 * 4 };

// What a resolution becomes through PNG: Leptonica writes pixels per meter and reads them back (pngio.c).
static l_int32 png_resolution(l_int32 ppi) {
    unsigned int ppm = (unsigned int)(39.37 * (l_float32)ppi + 0.5);
    return (l_int32)((l_float32)ppm / 39.37 + 0.5);
}

int accord_raw_line_image_eligible(PIX *pix) {
    if (pix == NULL || pixGetColormap(pix) != NULL || pixGetText(pix) != NULL) return 0;
    if (pixGetXRes(pix) < 0 || pixGetYRes(pix) < 0) return 0;
    l_int32 d = pixGetDepth(pix);
    return (d == 1 || d == 8) && pixGetSpp(pix) == 1 && pixGetWidth(pix) > 0 && pixGetHeight(pix) > 0;
}

static l_ok write_raw(l_uint8 **pdata, size_t *psize, PIX *pix) {
    pixSetPadBits(pix, 0);  // as pixWriteStreamPng does to its input
    l_int32 header[5] = { pixGetWidth(pix), pixGetHeight(pix), pixGetDepth(pix), 0, 0 };
    // PNG stores no resolution when either is 0, and both read back as 0.
    if (pixGetXRes(pix) != 0 && pixGetYRes(pix) != 0 &&
        (l_uint32)(39.37 * (l_float32)pixGetXRes(pix) + 0.5) != 0 && (l_uint32)(39.37 * (l_float32)pixGetYRes(pix) + 0.5) != 0) {
        header[3] = png_resolution(pixGetXRes(pix));
        header[4] = png_resolution(pixGetYRes(pix));
    }
    size_t bytes = (size_t)pixGetWpl(pix) * 4 * (size_t)pixGetHeight(pix);
    l_uint8 *out = (l_uint8 *)malloc(kHeaderSize + bytes);  // freed by the caller with lept_free (free)
    if (out == NULL) return 1;
    memcpy(out, kMagic, 16);
    memcpy(out + 16, header, sizeof header);
    memcpy(out + kHeaderSize, pixGetData(pix), bytes);
    *pdata = out;
    *psize = kHeaderSize + bytes;
    return 0;
}

l_ok pixWriteMem(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format) {
    if (format == IFF_PNG && pix != NULL && pdata != NULL && psize != NULL) {
        if (accord_raw_line_image_eligible(pix)) return write_raw(pdata, psize, pix);
        l_int32 special = pix->special;
        pixSetZlibCompression(pix, accord_line_image_png_level());
        l_ok rc = pixWriteMemPng(pdata, psize, pix, 0.0);
        pix->special = special;
        return rc;
    }
    return accord_leptonica_write_mem(pdata, psize, pix, format);
}

PIX *pixReadMem(const l_uint8 *data, size_t size) {
    if (data != NULL && size >= kHeaderSize && memcmp(data, kMagic, 16) == 0) {
        l_int32 h[5];
        memcpy(h, data + 16, sizeof h);
        if (h[0] <= 0 || h[1] <= 0 || (h[2] != 1 && h[2] != 8)) return NULL;
        PIX *pix = pixCreateNoInit(h[0], h[1], h[2]);
        if (pix == NULL) return NULL;
        size_t bytes = (size_t)pixGetWpl(pix) * 4 * (size_t)h[1];
        if (size != kHeaderSize + bytes) { pixDestroy(&pix); return NULL; }
        memcpy(pixGetData(pix), data + kHeaderSize, bytes);
        pixSetXRes(pix, h[3]);
        pixSetYRes(pix, h[4]);
        pixSetInputFormat(pix, IFF_PNG);
        return pix;
    }
    return accord_leptonica_read_mem(data, size);
}

l_ok accord_leptonica_write_mem(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format) {
    WriteMem leptonica = (WriteMem)dlsym(RTLD_NEXT, "pixWriteMem");
    return leptonica ? leptonica(pdata, psize, pix, format) : 1;
}

PIX *accord_leptonica_read_mem(const l_uint8 *data, size_t size) {
    ReadMem leptonica = (ReadMem)dlsym(RTLD_NEXT, "pixReadMem");
    return leptonica ? leptonica(data, size) : NULL;
}
