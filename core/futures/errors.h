#pragma once
// Exceptions named after Python's, so what PoolScope reports reads like a traceback.

#include <exception>
#include <stdexcept>
#include <string>

namespace poolscope {

// Base of every exception that mirrors a Python one; pyType() is the Python class name.
class PyError : public std::runtime_error
{
public:
    PyError(std::string type, const std::string& message)
        : std::runtime_error(message), m_type(std::move(type))
    {
    }
    const std::string& pyType() const noexcept { return m_type; }

private:
    std::string m_type;
};

#define POOLSCOPE_PY_ERROR(Name, Base, PyName)                                                               \
    class Name : public Base                                                                                 \
    {                                                                                                        \
    public:                                                                                                  \
        explicit Name(const std::string& message = {}) : Base(PyName, message) {}                            \
                                                                                                             \
    protected:                                                                                               \
        Name(std::string type, const std::string& message) : Base(std::move(type), message) {}               \
    };

POOLSCOPE_PY_ERROR(CancelledError, PyError, "CancelledError")
POOLSCOPE_PY_ERROR(TimeoutError, PyError, "TimeoutError")
POOLSCOPE_PY_ERROR(InvalidStateError, PyError, "InvalidStateError")
POOLSCOPE_PY_ERROR(ValueError, PyError, "ValueError")
POOLSCOPE_PY_ERROR(RuntimeError, PyError, "RuntimeError")
POOLSCOPE_PY_ERROR(TypeError, PyError, "TypeError")
POOLSCOPE_PY_ERROR(BrokenExecutor, RuntimeError, "BrokenExecutor")
POOLSCOPE_PY_ERROR(BrokenThreadPool, BrokenExecutor, "BrokenThreadPool")
POOLSCOPE_PY_ERROR(BrokenProcessPool, BrokenExecutor, "BrokenProcessPool")
#undef POOLSCOPE_PY_ERROR

// An exception raised inside a task that is not a PyError (e.g. std::out_of_range)
// or one re-raised from a worker process: keeps its type name and traceback text.
class TaskError : public PyError
{
public:
    TaskError(std::string type, const std::string& message, std::string traceback = {})
        : PyError(std::move(type), message), m_traceback(std::move(traceback))
    {
    }
    const std::string& traceback() const noexcept { return m_traceback; }

private:
    std::string m_traceback;
};

struct ErrorInfo
{
    std::string type;
    std::string message;
};

// Python-style type name and message of any exception (demangled C++ name otherwise).
ErrorInfo describeException(const std::exception_ptr& error);

// What logging's exc_info=True appends: "Traceback (most recent call last):", one frame line
// (C++ has no Python frames: `frame` says where it was raised), then "Type: message".
std::string formatTraceback(const std::exception_ptr& error, const std::string& frame);

} // namespace poolscope
