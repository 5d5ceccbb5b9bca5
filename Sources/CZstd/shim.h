#ifndef ADVISOR_CZstd_SHIM_H
#define ADVISOR_CZstd_SHIM_H
#include <zstd.h>
#endif
