#ifndef ADVISOR_CZLIB_SHIM_H
#define ADVISOR_CZLIB_SHIM_H
#include <zlib.h>
#endif
