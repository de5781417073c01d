// Leptonica's header readers, for the image harness's time budget (it checks a page's size
// itself before asking Accord to decode it). Messages are silenced by the harness.
#include <leptonica/allheaders.h>
static void fuzz_leptDropMessage(const char *msg) { (void)msg; }
static inline void fuzz_leptSilence(void) { setMsgSeverity(6); leptSetStderrHandler(fuzz_leptDropMessage); }
