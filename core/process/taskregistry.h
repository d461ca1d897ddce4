#pragma once
// The task registry: how a task crosses a process boundary by name.
//
// pickle stores a function as a reference to its qualified name, and the worker
// looks that name up again. PoolScope's counterpart: a task is registered under a
// name (optionally with its function pointer, so submit(&fn, ...) can find the
// name), the call item carries the name, and the worker looks it up in ITS copy
// of the registry. With fork that copy is the registry as it was at fork time, so
// a task registered after the workers started is unknown to them, exactly like a
// function defined after a fork-started pool was created.
//
// Built-in tasks (see builtinTaskNames()): "workload" (a core/workload/workload.h task by
// spec JSON and index) and small lesson/test tasks: "identity", "square",
// "getpid", "sleep_ms", "raise", "die", "unpicklable_result", "big_result".

#include "core/process/codec.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace poolscope {

// A registered task: positional arguments in, one value out (std::any, empty = None).
using TaskFn = std::function<std::any(const std::vector<std::any>& args)>;

// An immutable snapshot of the registry. Lookups take no lock, so a forked worker
// can use the snapshot its parent took before fork() without touching any mutex
// another parent thread might have held at that moment.
class TaskTable
{
public:
    const TaskFn* find(const std::string& name) const;
    // Registered name of a function pointer, or nullptr.
    const std::string* nameOf(const void* address) const;
    bool contains(const std::string& name) const { return find(name) != nullptr; }
    std::vector<std::string> names() const;

private:
    friend class TaskRegistry;
    std::unordered_map<std::string, TaskFn> m_byName;
    std::unordered_map<const void*, std::string> m_byAddress;
};

using TaskTablePtr = std::shared_ptr<const TaskTable>;

class TaskRegistry
{
public:
    // The process-wide registry, with the built-in tasks already in it.
    static TaskRegistry& global();

    // Registers (or replaces) `name`. `address` lets submit(&fn, ...) find it.
    void add(const std::string& name, TaskFn fn, const void* address = nullptr);

    // Registers a plain function: arguments are converted with valueAs<P>(), a
    // wrong count raises TypeError("name() takes N positional arguments but M were given").
    template <class R, class... P> void add(const std::string& name, R (*fn)(P...))
    {
        add(name, wrap(name, fn), reinterpret_cast<const void*>(fn));
    }

    bool remove(const std::string& name);
    TaskTablePtr snapshot() const;

    template <class R, class... P> static TaskFn wrap(const std::string& name, R (*fn)(P...))
    {
        return [name, fn](const std::vector<std::any>& args) -> std::any {
            if (args.size() != sizeof...(P))
                throwArgCount(name, sizeof...(P), args.size());
            return invoke(fn, args, std::index_sequence_for<P...>{});
        };
    }

private:
    TaskRegistry();
    [[noreturn]] static void throwArgCount(const std::string& name, std::size_t expected, std::size_t given);

    template <class R, class... P, std::size_t... I>
    static std::any invoke(R (*fn)(P...), const std::vector<std::any>& args, std::index_sequence<I...>)
    {
        if constexpr (std::is_void_v<R>) {
            fn(valueAs<std::decay_t<P>>(args[I])...);
            return {};
        } else {
            return std::any(fn(valueAs<std::decay_t<P>>(args[I])...));
        }
    }

    mutable std::mutex m_mutex;
    TaskTablePtr m_table;
};

// Registers a free function under its own name at static-initialisation time:
//   std::int64_t cube(std::int64_t x) { return x * x * x; }
//   POOLSCOPE_TASK(cube);
#define POOLSCOPE_TASK(fn)                                                                                   \
    [[maybe_unused]] static const bool poolscope_task_registered_##fn = [] {                                 \
        ::poolscope::TaskRegistry::global().add(#fn, &(fn));                                                 \
        return true;                                                                                         \
    }()

// Name of the function map() wraps around each chunk, as in CPython (_process_chunk).
inline constexpr const char* kProcessChunk = "_process_chunk";

// How a worker runs one call: looks the task up in `table` and calls it. Handles
// _process_chunk (args = [FunctionRef fn, list of argument lists]) -> list of results.
// Throws what the task throws; an unknown name throws AttributeError like unpickling.
std::any runTask(const TaskTable& table, const FunctionRef& fn, const std::vector<std::any>& args);

// "Can't get attribute 'NAME' on <task registry>" (AttributeError), as unpickling reports it.
[[noreturn]] void throwUnknownTask(const std::string& name);

const std::vector<std::string>& builtinTaskNames();

// How the "die" task kills its process: by name, for tests, the CLI and the GUI.
// sigkill | abort | segfault | exit (exit code 3) | sigterm
const std::vector<std::string>& dieModes();

} // namespace poolscope
