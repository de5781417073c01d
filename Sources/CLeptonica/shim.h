// Leptonica (Debian libleptonica-dev): image I/O, scaling, deskew, binarization, morphology.
#include <leptonica/allheaders.h>

// Leptonica writes some messages through lept_stderr whatever the message severity says (its
// TIFF memory stream's "Bad file: amount too big" on a hostile TIFF): Accord reports a file's
// failure as one line of its own, so the process's handler drops them.
static void accord_leptDropMessage(const char *msg) { (void)msg; }
static inline void accord_leptSilence(void) { leptSetStderrHandler(accord_leptDropMessage); }
