#pragma once

#include <any>
#include <string>

namespace poolscope {

// A short repr() of a task's result, as Python would print it (binary strings show their size;
// a process pool's map chunk is a list).
std::string pythonRepr(const std::any& value);

} // namespace poolscope
