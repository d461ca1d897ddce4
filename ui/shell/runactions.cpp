#include "ui/shell/runactions.h"

#include "ui/run/runcontroller.h"

#include <QAction>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QStyle>
#include <QToolButton>

namespace poolscope::ui {

namespace {
QString boolPy(bool b)
{
    return b ? QStringLiteral("True") : QStringLiteral("False");
}
} // namespace

RunActions::RunActions(QMainWindow* window, RunController* controller,
                       std::function<void(const QString&)> message)
    : QObject(window), m_window(window), m_controller(controller), m_message(std::move(message))
{
    QStyle* style = window->style();
    m_run = new QAction(window);
    m_run->setShortcut(QKeySequence(Qt::Key_Space));
    m_run->setShortcutContext(Qt::WindowShortcut);
    connect(m_run, &QAction::triggered, m_controller, &RunController::togglePause);

    m_step = new QAction(style->standardIcon(QStyle::SP_MediaSeekForward), tr("Step"), window);
    m_step->setShortcut(QKeySequence(Qt::Key_Right));
    m_step->setToolTip(tr("Let exactly one more event happen (Right)"));
    connect(m_step, &QAction::triggered, m_controller, &RunController::step);

    m_reset = new QAction(style->standardIcon(QStyle::SP_BrowserReload), tr("Reset"), window);
    m_reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_reset->setToolTip(tr("Stop this run and start over (Ctrl+R)"));
    connect(m_reset, &QAction::triggered, m_controller, &RunController::reset);

    m_cancel = new QAction(style->standardIcon(QStyle::SP_DialogCancelButton), tr("Cancel future"), window);
    m_cancel->setShortcut(QKeySequence(Qt::Key_Delete));
    m_cancel->setToolTip(tr("future.cancel() on the selected task (Del)"));
    connect(m_cancel, &QAction::triggered, m_controller, &RunController::cancelSelectedFuture);

    for (const auto& [wait, cancel] : {std::pair{true, false}, {false, false}, {true, true}, {false, true}}) {
        auto* a = new QAction(
            QStringLiteral("shutdown(wait=%1, cancel_futures=%2)").arg(boolPy(wait), boolPy(cancel)), window);
        connect(a, &QAction::triggered, m_controller,
                [this, wait = wait, cancel = cancel] { m_controller->shutdownPool(wait, cancel); });
        m_shutdown << a;
    }

    m_kill = new QAction(style->standardIcon(QStyle::SP_MessageBoxCritical), tr("Kill worker…"), window);
    m_kill->setToolTip(tr("SIGKILL one worker process: the pool breaks, as in CPython"));
    connect(m_kill, &QAction::triggered, this, &RunActions::killWorkerDialog);
}

void RunActions::addInterventions(QMenu* menu) const
{
    menu->addAction(m_cancel);
    menu->addSeparator();
    for (QAction* a : m_shutdown)
        menu->addAction(a);
    menu->addSeparator();
    menu->addAction(m_kill);
}

QToolButton* RunActions::makeShutdownButton(QWidget* parent)
{
    auto* button = m_shutdownButton = new QToolButton(parent);
    button->setObjectName(QStringLiteral("shutdownButton"));
    button->setText(tr("Shutdown"));
    button->setIcon(m_window->style()->standardIcon(QStyle::SP_BrowserStop));
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolTip(tr("executor.shutdown(wait, cancel_futures)"));
    auto* menu = new QMenu(button);
    for (QAction* a : m_shutdown)
        menu->addAction(a);
    button->setMenu(menu);
    return button;
}

void RunActions::update()
{
    // Called every frame: touch the run action only when the state changed
    // (setIcon always counts as a change and would repaint the toolbar).
    const RunState s = m_controller->state();
    const bool running = s == RunState::Running;
    if (!m_shownState || *m_shownState != s) {
        m_shownState = s;
        m_run->setText(running ? tr("Pause") : s == RunState::Paused ? tr("Resume") : tr("Run"));
        m_run->setIcon(
            m_window->style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
        m_run->setToolTip(running ? tr("Freeze the executor at its next event (Space)")
                                  : tr("Run the executor (Space)"));
    }
    const bool live = m_controller->canIntervene();
    const TaskRecord* t = m_controller->selectedTask() >= 0
                              ? m_controller->scene().task(m_controller->selectedTask())
                              : nullptr;
    m_cancel->setEnabled(live && t && !t->done());
    for (QAction* a : m_shutdown)
        a->setEnabled(live);
    // The button only opens the menu: greyed out when every item in it is.
    if (m_shutdownButton)
        m_shutdownButton->setEnabled(live);
    m_kill->setEnabled(m_controller->canKillWorkers());
}

void RunActions::killWorkerDialog()
{
    QStringList pids;
    for (const WorkerRecord& w : m_controller->scene().workers())
        if (w.state != WorkerState::Exited && w.state != WorkerState::Killed)
            pids << QString::number(w.id);
    if (pids.isEmpty())
        return;
    // Not modal-blocking: the run goes on while the dialog is open, and may end before OK.
    delete m_window->findChild<QInputDialog*>(QStringLiteral("killDialog"));
    auto* dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("killDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Kill a worker"));
    dialog->setLabelText(tr("SIGKILL the worker process with pid:"));
    dialog->setComboBoxItems(pids);
    dialog->setComboBoxEditable(false);
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this](const QString& pid) { killChosenWorker(pid.toInt()); });
    dialog->open();
}

void RunActions::killChosenWorker(int pid)
{
    if (m_controller->canKillWorkers()) {
        m_controller->killWorker(pid);
        return;
    }
    // Say why nothing happens rather than ignore the click.
    const SceneState& sc = m_controller->scene();
    QString why;
    if (m_controller->state() != RunState::Running && m_controller->state() != RunState::Paused)
        why = tr("the run ended while the dialog was open");
    else if (sc.broken())
        why = tr("the pool is already broken");
    else
        why = tr("the pool is shutting down");
    m_message(tr("Worker %1 not killed: %2.").arg(pid).arg(why));
}

} // namespace poolscope::ui
