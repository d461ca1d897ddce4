#pragma once
// Drives a RunController from a test: the test hands the bridge's frames over itself.

#include "ui/run/eventbridge.h"
#include "ui/run/runcontroller.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <chrono>
#include <functional>
#include <thread>

namespace poolscope::uitest {

// Hands frames over until `pred` holds or `ms` have passed; returns whether it held.
inline bool pump(ui::RunController& c, const std::function<bool()>& pred, int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        c.bridge()->flush();
        QCoreApplication::processEvents();
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    c.bridge()->flush();
    return pred();
}

} // namespace poolscope::uitest
