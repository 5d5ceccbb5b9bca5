#ifndef ADVISOR_CLzma_SHIM_H
#define ADVISOR_CLzma_SHIM_H
#include <lzma.h>
#endif
