#include "ui/compare/comparejob.h"

#include <memory>

namespace poolscope::ui {

CompareJob::CompareJob(QObject* parent) : BackgroundJob(parent) {}

void CompareJob::start(const std::vector<CompareSide>& sides, int repeat, bool concurrent)
{
    cancel();
    m_sides = sides;
    m_repeat = std::max(1, repeat);
    m_concurrent = concurrent;
    m_result = CompareResult{};
    launch([this, sides, rounds = m_repeat, concurrent] {
        CompareOptions o;
        o.repeat = rounds;
        o.concurrent = concurrent;
        o.keepEvents = true; // the panes replay them
        o.progress = [this](int done, int total) { postProgress(done, total); };
        o.cancelled = [this] { return stopRequested(); };
        auto result = std::make_shared<CompareResult>(runCompareSides(sides, o));
        post([this, result] {
            m_result = std::move(*result);
            finish(m_result.cancelled);
        });
    });
}

} // namespace poolscope::ui
