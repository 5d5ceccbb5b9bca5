#ifndef ADVISOR_CLAPACK_SHIM_H
#define ADVISOR_CLAPACK_SHIM_H
#include <lapacke.h>
#include <cblas.h>
#endif
