// Tesseract's C API (Debian libtesseract-dev). `struct Pix` comes from CLeptonica.
#include <tesseract/capi.h>
