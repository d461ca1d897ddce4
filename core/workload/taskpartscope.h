#pragma once
// Where the parts of a task go (PoolScope's own; CPython emits nothing like it). A mixed task
// tells when its I/O part and its CPU part begin (enterTaskPart), so the views can draw them
// apart; the pool worker that runs the task decides where that goes: a thread pool worker
// publishes to its pool's stream, a worker process writes to its own event ring. Set on the
// worker's thread around one task only, so a task run anywhere else (no pool, no recording)
// tells no one.

#include "core/events/event.h"

#include <cstdint>

namespace poolscope {

class TaskPartScope
{
public:
    // Called on the task's thread: `context` is the worker's own (its pool, its ring emitter).
    using Emit = void (*)(const void* context, std::int64_t task, TaskPart part);

    TaskPartScope(Emit emit, const void* context, std::int64_t task) noexcept;
    ~TaskPartScope();
    TaskPartScope(const TaskPartScope&) = delete;
    TaskPartScope& operator=(const TaskPartScope&) = delete;

    struct Target
    {
        Emit emit = nullptr;
        const void* context = nullptr;
        std::int64_t task = -1;
    };

private:
    Target m_previous;
};

namespace detail {
extern constinit thread_local TaskPartScope::Target t_taskPart;
} // namespace detail

// The calling task begins `part`. A no-op outside a TaskPartScope.
inline void enterTaskPart(TaskPart part)
{
    const TaskPartScope::Target& t = detail::t_taskPart;
    if (t.emit)
        t.emit(t.context, t.task, part);
}

} // namespace poolscope
