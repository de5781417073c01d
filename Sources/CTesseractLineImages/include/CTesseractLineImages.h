// Nothing to call: this target only overrides Leptonica's pixWriteMem for the whole process
// (see line_images.c). The header exists because SwiftPM C targets need a public include directory.
#ifndef C_TESSERACT_LINE_IMAGES_H
#define C_TESSERACT_LINE_IMAGES_H
/// The zlib level pixWriteMem uses for PNG in this process (0: stored, no compression).
int accord_line_image_png_level(void);
#endif
