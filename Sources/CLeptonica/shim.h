// Leptonica (Debian libleptonica-dev): image I/O, scaling, deskew, binarization, morphology.
#include <leptonica/allheaders.h>
