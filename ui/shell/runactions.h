#pragma once
// The window's run actions (Run / Pause, Step, Reset) and interventions (cancel the
// selected future, the four shutdown() calls, kill a worker), with their texts and
// enabling for the run's state; MainWindow puts them in its menus and toolbar.
// Strings keep MainWindow's translation context.

#include "ui/run/runcontroller.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>

#include <functional>
#include <optional>

class QAction;
class QMainWindow;
class QMenu;
class QToolButton;
class QWidget;

namespace poolscope::ui {

// A QObject (a child of the window, so its connections end with it) without
// Q_OBJECT: it has no signals, and tr() keeps MainWindow's context.
class RunActions : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::MainWindow)
public:
    // `message`: where to say why a kill did not happen (the status line).
    RunActions(QMainWindow* window, RunController* controller, std::function<void(const QString&)> message);

    QAction* run() const noexcept { return m_run; }
    QAction* step() const noexcept { return m_step; }
    QAction* reset() const noexcept { return m_reset; }
    QAction* cancel() const noexcept { return m_cancel; }
    QAction* kill() const noexcept { return m_kill; }
    const QList<QAction*>& shutdown() const noexcept { return m_shutdown; }

    // The Intervene menu: cancel, the shutdown() calls, kill.
    void addInterventions(QMenu* menu) const;
    // A tool button that opens the shutdown() calls as a menu.
    QToolButton* makeShutdownButton(QWidget* parent);
    // Texts and enabling for what the controller shows now (called every frame).
    void update();

private:
    void killWorkerDialog();
    void killChosenWorker(int pid);

    QMainWindow* m_window;
    RunController* m_controller;
    std::function<void(const QString&)> m_message;
    QAction* m_run = nullptr;
    QAction* m_step = nullptr;
    QAction* m_reset = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_kill = nullptr;
    QList<QAction*> m_shutdown;
    QToolButton* m_shutdownButton = nullptr;
    std::optional<RunState> m_shownState;
};

} // namespace poolscope::ui
