// Tesseract finds ruled lines on every page it segments (LineFinder::GetLineMasks): openings of the
// binary page with bricks of resolution/20 square and resolution/4 long (15 and 75 px at 300 dpi)
// through Leptonica's pixOpenBrick, which erodes and dilates with one full-page rasterop per element
// of the brick (2 x 75 passes over the page for a 75-px line). Measured: ~6% of a 300 dpi page's
// CPU time (perf, 001-degraded-p2), the same share on the clean 300 dpi pages.
//
// This pixOpenBrick returns the same image with a fixed number of passes: with Leptonica's default
// (asymmetric) boundary condition, pixels outside the image are OFF for both erosion and dilation, so
// an opening by an h x v brick keeps exactly the pixels covered by some h x v all-ON rectangle inside
// the image. Erosion ("a rectangle starts here") and dilation ("covered by a rectangle starting at
// most h-1 / v-1 before") are computed by doubling: AND (OR) of the row shifted by 1, 2, 4, ... and
// a last shift by the remainder, so log2(size) + 1 passes each. Anything else (other depths, the
// symmetric boundary condition, a 1 x 1 brick, an allocation failure) goes to Leptonica's.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "CLeptonicaOverrides.h"

typedef PIX *(*OpenBrick)(PIX *, PIX *, l_int32, l_int32);

PIX *accord_leptonica_open_brick(PIX *pixd, PIX *pixs, l_int32 hsize, l_int32 vsize) {
    OpenBrick leptonica = (OpenBrick)dlsym(RTLD_NEXT, "pixOpenBrick");
    return leptonica ? leptonica(pixd, pixs, hsize, vsize) : NULL;
}

// Bit t of a row (pixel t; MSB first in each 32-bit word) looked up k to the right (+) or left (-);
// bits beyond the row's words are OFF.
static inline l_uint32 shifted_word(const l_uint32 *row, int wpl, int i, int k) {
    if (k >= 0) {
        int q = i + (k >> 5), r = k & 31;
        l_uint32 a = q < wpl ? row[q] : 0, b = q + 1 < wpl ? row[q + 1] : 0;
        return r ? (a << r) | (b >> (32 - r)) : a;
    } else {
        int m = -k, q = i - (m >> 5), r = m & 31;
        l_uint32 a = q >= 0 ? row[q] : 0, b = q - 1 >= 0 ? row[q - 1] : 0;
        return r ? (a >> r) | (b << (32 - r)) : a;
    }
}

// One doubling step along rows: row[i] = row[i] OP (row shifted by k), for every row.
static void step_h(l_uint32 *data, int wpl, int h, int k, int use_and, l_uint32 *tmp, l_uint32 padmask) {
    for (int y = 0; y < h; y++) {
        l_uint32 *row = data + (size_t)y * wpl;
        memcpy(tmp, row, (size_t)wpl * sizeof(l_uint32));
        for (int i = 0; i < wpl; i++) {
            l_uint32 s = shifted_word(tmp, wpl, i, k);
            row[i] = use_and ? (tmp[i] & s) : (tmp[i] | s);
        }
        row[wpl - 1] &= padmask;
    }
}

// One doubling step along columns: row y = row y OP row y+k (k > 0, rows past the end OFF) or
// row y OP row y+k (k < 0, rows before the start OFF), done in place in the order that reads
// rows not yet written.
static void step_v(l_uint32 *data, int wpl, int h, int k, int use_and) {
    if (k > 0) {
        for (int y = 0; y < h; y++) {
            l_uint32 *row = data + (size_t)y * wpl;
            const l_uint32 *other = y + k < h ? data + (size_t)(y + k) * wpl : NULL;
            for (int i = 0; i < wpl; i++) {
                l_uint32 o = other ? other[i] : 0;
                row[i] = use_and ? (row[i] & o) : (row[i] | o);
            }
        }
    } else if (k < 0) {
        for (int y = h - 1; y >= 0; y--) {
            l_uint32 *row = data + (size_t)y * wpl;
            const l_uint32 *other = y + k >= 0 ? data + (size_t)(y + k) * wpl : NULL;
            for (int i = 0; i < wpl; i++) {
                l_uint32 o = other ? other[i] : 0;
                row[i] = use_and ? (row[i] & o) : (row[i] | o);
            }
        }
    }
}

// AND (erode, looking forward) or OR (dilate, looking back) over a window of `size` pixels.
static void window_op(l_uint32 *data, int wpl, int h, int size, int horizontal, int erode,
                      l_uint32 *tmp, l_uint32 padmask) {
    int span = 1;
    while (2 * span <= size) {
        int k = erode ? span : -span;
        if (horizontal) step_h(data, wpl, h, k, erode, tmp, padmask); else step_v(data, wpl, h, k, erode);
        span *= 2;
    }
    if (size > span) {
        int k = erode ? size - span : -(size - span);
        if (horizontal) step_h(data, wpl, h, k, erode, tmp, padmask); else step_v(data, wpl, h, k, erode);
    }
}

PIX *pixOpenBrick(PIX *pixd, PIX *pixs, l_int32 hsize, l_int32 vsize) {
    if (pixs == NULL || pixGetDepth(pixs) != 1 || hsize < 1 || vsize < 1 || (hsize == 1 && vsize == 1)
        || getMorphBorderPixelColor(L_MORPH_ERODE, 1) != 0)
        return accord_leptonica_open_brick(pixd, pixs, hsize, vsize);
    l_int32 w = pixGetWidth(pixs), h = pixGetHeight(pixs), wpl = pixGetWpl(pixs);
    PIX *t = pixCopy(NULL, pixs);
    l_uint32 *tmp = (l_uint32 *)malloc((size_t)(wpl > 0 ? wpl : 1) * sizeof(l_uint32));
    if (t == NULL || tmp == NULL || w <= 0 || h <= 0) {
        pixDestroy(&t); free(tmp);
        return accord_leptonica_open_brick(pixd, pixs, hsize, vsize);
    }
    l_uint32 *data = pixGetData(t);
    int tail = w & 31;
    l_uint32 padmask = tail ? ~(0xffffffffu >> tail) : 0xffffffffu;
    for (int y = 0; y < h; y++) data[(size_t)y * wpl + wpl - 1] &= padmask;
    if (hsize > 1) window_op(data, wpl, h, hsize, 1, 1, tmp, padmask);
    if (vsize > 1) window_op(data, wpl, h, vsize, 0, 1, tmp, padmask);
    if (hsize > 1) window_op(data, wpl, h, hsize, 1, 0, tmp, padmask);
    if (vsize > 1) window_op(data, wpl, h, vsize, 0, 0, tmp, padmask);
    free(tmp);
    if (pixd == NULL) return t;
    pixCopy(pixd, t);
    pixDestroy(&t);
    return pixd;
}
