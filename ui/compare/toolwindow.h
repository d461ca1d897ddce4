#pragma once
// The compare and sweep views are windows of their own, one each per main window: shown again (raised)
// when their menu entry is chosen again, and given the main window's scenario unless they are running.

#include "ui/run/runcontroller.h"

#include <QScreen>
#include <QSize>
#include <QString>
#include <QWidget>

namespace poolscope::ui {

// `View` has a (RunController*, QWidget*) constructor that sets `objectName`, running() and
// setScenario(const Scenario&).
template <class View>
View* showToolWindow(RunController* controller, QWidget* window, const QString& objectName, QSize size)
{
    auto* view = window->findChild<View*>(objectName, Qt::FindDirectChildrenOnly);
    if (!view) {
        view = new View(controller, window);
        view->setWindowFlag(Qt::Window);
        // No larger than the screen the main window is on (a 1280x720 classroom screen is shorter).
        const QScreen* screen = window->screen();
        view->resize(screen ? size.boundedTo(screen->availableGeometry().size()) : size);
    }
    if (!view->running())
        view->setScenario(controller->spec().scenario);
    view->show();
    view->raise();
    return view;
}

} // namespace poolscope::ui
