// Vectorised exp and log for the hot loops of the detectors, from glibc's libmvec.
//
// glibc ships SIMD versions of exp and log (libmvec: the x86_64 vector function ABI, at
// most 4 ulp of error) but declares them only under -ffast-math. Declaring them here lets
// GCC call them from loops marked `#pragma omp simd` (the detectors are compiled with
// -fopenmp-simd) without fast-math's other effects. A function marked
// KPIWATCH_VECTOR_CLONES is compiled twice, for the x86-64 baseline (SSE2, 2 lanes) and
// for x86-64-v3 (AVX2 and FMA, 4 lanes), and the loader picks the one the processor runs.
// Other compilers (clang, for the fuzz build) get the plain scalar calls.
#pragma once

#include <cmath>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
extern "C" {
__attribute__((simd("notinbranch"))) double exp(double) noexcept;
__attribute__((simd("notinbranch"))) double log(double) noexcept;
}
#define KPIWATCH_VECTOR_CLONES __attribute__((target_clones("default", "arch=x86-64-v3")))
#else
#define KPIWATCH_VECTOR_CLONES
#endif
