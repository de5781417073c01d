// zlib's crc32, for verifying ZIP entries (ZIPFoundation's own CRC is computed a byte at a time in
// Swift on Linux and never compared by `extract(_:consumer:)`).
#include <zlib.h>
