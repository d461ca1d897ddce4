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

// One Python exception class: PyName is its name in Python, Base its Python base class.
// A template, not a macro, so each is a distinct C++ type to catch without macro pitfalls.
template <const char* PyName, class Base> class PyErrorType : public Base
{
public:
    explicit PyErrorType(const std::string& message = {}) : Base(PyName, message) {}

protected:
    PyErrorType(std::string type, const std::string& message) : Base(std::move(type), message) {}
};

namespace pyname {
inline constexpr char kCancelledError[] = "CancelledError";
inline constexpr char kTimeoutError[] = "TimeoutError";
inline constexpr char kInvalidStateError[] = "InvalidStateError";
inline constexpr char kValueError[] = "ValueError";
inline constexpr char kRuntimeError[] = "RuntimeError";
inline constexpr char kTypeError[] = "TypeError";
inline constexpr char kBrokenExecutor[] = "BrokenExecutor";
inline constexpr char kBrokenThreadPool[] = "BrokenThreadPool";
inline constexpr char kBrokenProcessPool[] = "BrokenProcessPool";
} // namespace pyname

using CancelledError = PyErrorType<pyname::kCancelledError, PyError>;
using TimeoutError = PyErrorType<pyname::kTimeoutError, PyError>;
using InvalidStateError = PyErrorType<pyname::kInvalidStateError, PyError>;
using ValueError = PyErrorType<pyname::kValueError, PyError>;
using RuntimeError = PyErrorType<pyname::kRuntimeError, PyError>;
using TypeError = PyErrorType<pyname::kTypeError, PyError>;
using BrokenExecutor = PyErrorType<pyname::kBrokenExecutor, RuntimeError>;
using BrokenThreadPool = PyErrorType<pyname::kBrokenThreadPool, BrokenExecutor>;
using BrokenProcessPool = PyErrorType<pyname::kBrokenProcessPool, BrokenExecutor>;

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
