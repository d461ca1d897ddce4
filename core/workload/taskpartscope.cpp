#include "core/workload/taskpartscope.h"

namespace poolscope {

namespace detail {
constinit thread_local TaskPartScope::Target t_taskPart;
} // namespace detail

TaskPartScope::TaskPartScope(Emit emit, const void* context, std::int64_t task) noexcept
    : m_previous(detail::t_taskPart)
{
    detail::t_taskPart = Target{emit, context, task};
}

TaskPartScope::~TaskPartScope()
{
    detail::t_taskPart = m_previous;
}

} // namespace poolscope
