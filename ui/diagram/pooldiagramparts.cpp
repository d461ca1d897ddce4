#include "ui/diagram/pooldiagramparts.h"

#include "ui/run/runsession.h"

namespace poolscope::ui {

QString PoolDiagramParts::executorName(QLatin1StringView executor, const DiagramInput& in)
{
    return executor + QStringLiteral("(max_workers=%1)").arg(in.scene.maxWorkers()) + QStringLiteral(" · ") +
           QString::fromStdString(in.spec.scenario.submit);
}

} // namespace poolscope::ui
