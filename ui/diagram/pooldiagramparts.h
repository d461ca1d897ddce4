#pragma once
// What each pool's painter is built from: the shared look, the caller's box
// (with its futures) and the worker boxes.

#include "ui/diagram/callerpainter.h"
#include "ui/diagram/workerboxpainter.h"

namespace poolscope::ui {

class PoolDiagramParts
{
protected:
    explicit PoolDiagramParts(DiagramPainter& look) : m_look(look), m_caller(look), m_workers(look) {}

    // The title both passes draw: "ThreadPoolExecutor(max_workers=4) · map".
    static QString executorName(QLatin1StringView executor, const DiagramInput& in);

    DiagramPainter& m_look;
    CallerPainter m_caller;
    WorkerBoxPainter m_workers;
};

} // namespace poolscope::ui
