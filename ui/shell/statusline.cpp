#include "ui/shell/statusline.h"

#include "ui/run/runcontroller.h"
#include "ui/shell/helpmenu.h"
#include "ui/shell/statusfit.h"

#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

namespace poolscope::ui {

StatusLine::StatusLine(QMainWindow* window, RunController* controller, QLabel* presenterLabel)
    : QObject(window), m_controller(controller), m_state(new QLabel(window)), m_count(new QLabel(window)),
      m_message(new QLabel(window))
{
    QStatusBar* bar = window->statusBar();
    bar->addWidget(m_state);
    bar->addWidget(m_message, 1);
    bar->addPermanentWidget(presenterLabel);
    bar->addPermanentWidget(m_count);
    // Which CPython the run mirrors (docs/fidelity.md): a student on 3.14 (forkserver by default) sees
    // workers start one per submit instead of all at the first one.
    auto* mirrors = new QLabel(HelpMenu::mirroredCPython(), window);
    mirrors->setObjectName(QStringLiteral("mirroredCPython"));
    mirrors->setToolTip(
        tr("The executors behave as CPython 3.11-3.13 do on Linux, where the default start "
           "method is fork. CPython 3.14 defaults to forkserver (workers start lazily, one per "
           "submit) and adds InterpreterPoolExecutor; see docs/fidelity.md."));
    bar->addPermanentWidget(mirrors);
    // A long message (what on_timeout did) reads whole at 1280x720: the note shortens, and the message
    // moves to a row of its own above the status bar, as wide as the window, wrapped.
    auto* noticeRow = new QToolBar(window); // untitled: it is in no menu
    noticeRow->setObjectName(QStringLiteral("noticeRow"));
    noticeRow->setMovable(false);
    noticeRow->setFloatable(false);
    noticeRow->toggleViewAction()->setVisible(false);
    auto* notice = new QLabel(noticeRow);
    notice->setObjectName(QStringLiteral("notice"));
    noticeRow->addWidget(notice);
    window->addToolBar(Qt::BottomToolBarArea, noticeRow);
    m_fit = new StatusFit(bar, m_message, mirrors, HelpMenu::mirroredCPython(),
                          HelpMenu::mirroredCPythonShort(), notice, noticeRow);

    connect(m_controller, &RunController::stateChanged, this, &StatusLine::update);
    connect(m_controller, &RunController::stepped, this, &StatusLine::update);
    connect(m_controller, &RunController::message, this, &StatusLine::setMessage);
    connect(m_controller, &RunController::runReset, this, [this] { setMessage(QString()); });
    // The status line shows live counts; a few times a second is enough.
    auto* timer = new QTimer(this);
    timer->setInterval(200);
    connect(timer, &QTimer::timeout, this, &StatusLine::update);
    timer->start();
}

QString StatusLine::stateText() const
{
    return m_state->text();
}

QString StatusLine::countText() const
{
    return m_count->text();
}

QString StatusLine::messageText() const
{
    return m_message->text();
}

void StatusLine::setMessage(const QString& text)
{
    m_message->setText(text);
    m_fit->refit(); // a hidden label (the message in the notice row) asks no layout of the bar
}

void StatusLine::update()
{
    QString state;
    switch (m_controller->state()) {
    case RunState::Idle:
        state = tr("Ready");
        break;
    case RunState::Running:
        state = tr("Running");
        break;
    case RunState::Paused: {
        const int held = m_controller->gateWaiting();
        state = tr("Paused · %n thread(s)/process(es) held at their next event", nullptr, held);
        if (m_controller->stepsTaken() > 0)
            state += tr(" · %1 steps").arg(m_controller->stepsTaken());
        // docs/fidelity.md: math.factorial on a thread is one C call, which no gate can stop.
        if (const int busy = m_controller->unfreezable(); busy > 0)
            state += tr(" · %n GMP call(s) on a thread run on: one C call cannot be held", nullptr, busy);
        break;
    }
    case RunState::Finished:
        state = tr("Finished");
        break;
    }
    const SceneState& sc = m_controller->scene();
    if (sc.broken())
        state += tr(" · pool broken");
    const std::int64_t done = sc.completed() + sc.failed() + sc.cancelled();
    // shutdown(cancel_futures=True) cancels the queued futures without notifying their
    // waiters (CPython's _WorkItem futures get .cancel(), not set_running_or_notify_cancel()),
    // so as_completed() without a timeout waits for ever, as the real main thread would.
    if (m_controller->state() == RunState::Running && sc.shutdownCancelFutures() && sc.callerInWaiter() &&
        sc.submitted() > 0 && done == sc.submitted() && sc.running() == 0)
        state += tr(" · the caller waits for ever: shutdown(cancel_futures=True) cancelled futures "
                    "without notifying as_completed(), as in CPython (Reset ends it)");
    m_state->setText(state);
    // Out of what the scenario will submit, not of what is submitted so far ("0/1" of 3).
    QString counts = tr("events %1 · tasks %2/%3 done")
                         .arg(sc.eventsApplied())
                         .arg(done)
                         .arg(std::max<std::int64_t>(sc.submitted(), m_controller->spec().scenario.tasks));
    if (m_controller->liveRuns() > 1)
        counts += tr(" · finishing %1 earlier run(s)").arg(m_controller->liveRuns() - 1);
    m_count->setText(counts);
}

} // namespace poolscope::ui
