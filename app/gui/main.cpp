// poolscope: the window. Everything but main() lives in the ui library.
#include "core/run/shutdown.h"
#include "ui/shell/appmain.h"

#include <QApplication>
#include <QMetaObject>

#include <chrono>
#include <thread>

int main(int argc, char** argv)
{
    // SIGTERM / SIGINT / SIGHUP close the window as its close button does (the run ends, its
    // workers are terminated and reaped) and the process exits with 128 + the signal. Should
    // that take longer than 1 s (a thread inside one long C call), or should a second signal
    // come, the children are killed and reaped and the process ends at once.
    poolscope::onTerminationSignal([](int sig) {
        std::thread([sig] {
            std::this_thread::sleep_for(std::chrono::seconds(1));
            poolscope::exitAfterSignal(sig);
        }).detach();
        QCoreApplication* app = QCoreApplication::instance();
        if (!app)
            poolscope::exitAfterSignal(sig);
        QMetaObject::invokeMethod(
            app,
            [sig] {
                QApplication::closeAllWindows();
                QCoreApplication::exit(128 + sig);
            },
            Qt::QueuedConnection);
    });
    return poolscope::ui::appMain(argc, argv);
}
