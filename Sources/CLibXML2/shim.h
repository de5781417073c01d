#ifndef ACCORD_CLIBXML2_SHIM_H
#define ACCORD_CLIBXML2_SHIM_H

// libxml2 through SwiftPM. Debian's libxml2 is built with ICU support, and its headers then pull
// in the system ICU, whose types clash with the ICU that Foundation ships on Linux
// ("'UErrorCode' has different definitions in different modules"). Undefining the feature macro
// right after xmlversion.h keeps the ICU headers out. It hides two ICU-only fields of
// xmlCharEncodingHandler: Accord never allocates that struct.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlmemory.h>
#include <libxml/encoding.h>

// Swift 6 rejects the C global function pointer `xmlFree` as not concurrency-safe.
static inline void accord_xmlFree(void *p) { xmlFree(p); }

// libxml2 prints some errors itself (an encoding conversion that fails: "encoding error : input
// conversion failed…", "I/O error : encoder error") on standard error, whatever the parse options
// say. Accord reports each file's failure as one line of its own, so a thread that parses first
// sets a generic error handler that drops them (libxml2 keeps these handlers per thread).
static void accord_xmlDropError(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void accord_xmlSilenceThread(void) { xmlSetGenericErrorFunc(NULL, accord_xmlDropError); }

#endif
