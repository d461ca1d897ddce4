#include "ui/run/runlifecycle.h"

#include "ui/run/eventbridge.h"

namespace poolscope::ui {

RunLifecycle::RunLifecycle(EventBridge* bridge) : m_bridge(bridge)
{
    m_reaper.setInterval(100);
    QObject::connect(&m_reaper, &QTimer::timeout, m_bridge, [this] { reap(); });
}

RunLifecycle::~RunLifecycle()
{
    shutdown();
    // Blocking is fine here: the window is gone. Each join returns once the
    // running tasks finished (threads cannot be interrupted, as in Python).
    m_session.reset();
    m_retired.clear();
}

int RunLifecycle::live() const
{
    int n = m_session && !m_session->finished() ? 1 : 0;
    for (const auto& s : m_retired)
        n += s->finished() ? 0 : 1;
    return n;
}

void RunLifecycle::renew()
{
    if (m_session) {
        m_session->abort();
        m_retired.push_back(std::move(m_session));
        if (!m_reaper.isActive())
            m_reaper.start();
    }
    m_generation = m_bridge->beginRun();
}

void RunLifecycle::launch(const RunSpec& spec, std::int64_t pacingNs, bool paused)
{
    ExecutionGate& gate = m_bridge->gate();
    gate.setPacingNs(pacingNs);
    if (paused)
        gate.pause();
    else
        gate.resume();
    m_session = std::make_unique<RunSession>(spec, m_bridge, m_generation);
    m_session->start();
}

void RunLifecycle::reap()
{
    // Only finished runs are joined, so this never blocks the GUI thread.
    std::erase_if(m_retired, [](const std::unique_ptr<RunSession>& s) {
        if (!s->finished())
            return false;
        s->join();
        return true;
    });
    if (m_retired.empty())
        m_reaper.stop();
}

void RunLifecycle::shutdown()
{
    m_shuttingDown = true;
    m_bridge->gate().openForever();
    if (m_session)
        m_session->abort();
    for (auto& s : m_retired)
        s->abort();
}

} // namespace poolscope::ui
