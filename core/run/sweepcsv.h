#pragma once
// A speedup sweep (core/run/comparison.h) as CSV, one row per worker count and mode, for
// spreadsheets and notebooks, and read back (the window's export, its tests). Same RFC 4180
// dialect as csvexport.h; numbers are written with 17 significant digits so they read back exact.

#include "core/run/comparison.h"

#include <string>

namespace poolscope {

// workers,ideal,mode,wall_s,speedup,completed,error: first the serial baseline (mode "serial",
// workers 1), then each point's modes in the order of the point's map.
std::string sweepToCsv(const SweepResult& sweep);

// Workers, ideal, each mode's wall_s, completed, error type and speedup, the serial wall_s.
// Throws CsvError("line L: what is wrong").
SweepResult sweepFromCsv(const std::string& text);

} // namespace poolscope
