#include "ui/shell/mainwindow.h"

#include "ui/compare/compareview.h"
#include "ui/compare/sweepview.h"
#include "ui/diagram/diagramview.h"
#include "ui/panels/chartspanel.h"
#include "ui/panels/eventlogpanel.h"
#include "ui/panels/ganttview.h"
#include "ui/panels/inspectorpanel.h"
#include "ui/panels/scenariopanel.h"
#include "ui/panels/timelinescrubber.h"
#include "ui/run/eventbridge.h"
#include "ui/shell/filemenu.h"
#include "ui/shell/helpmenu.h"
#include "ui/shell/presentermode.h"
#include "ui/shell/replayactions.h"
#include "ui/shell/statusfit.h"
#include "ui/shell/windowfit.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTextEdit>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace poolscope::ui {

namespace {
QString boolPy(bool b)
{
    return b ? QStringLiteral("True") : QStringLiteral("False");
}
} // namespace

MainWindow::MainWindow(bool persist, QWidget* parent)
    : QMainWindow(parent), m_persist(persist), m_controller(new RunController(this)),
      m_fileMenu(new FileMenu(this, m_controller, persist)), m_helpMenu(new HelpMenu(this)),
      m_presenter(new PresenterMode(this, persist))
{
    setWindowTitle(tr("PoolScope — concurrent.futures, step by step"));
    setObjectName(QStringLiteral("mainwindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_diagram = new DiagramView(m_controller, this);
    m_gantt = new GanttView(m_controller, this);
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("centralSplit"));
    // The replay scrubber sits right under the diagram it moves.
    auto* diagramBox = new QWidget(this);
    auto* diagramLayout = new QVBoxLayout(diagramBox);
    diagramLayout->setContentsMargins(0, 0, 0, 0);
    diagramLayout->setSpacing(0);
    diagramLayout->addWidget(m_diagram, 1);
    diagramLayout->addWidget(new TimelineScrubber(m_controller, diagramBox));
    m_split->addWidget(diagramBox);
    m_split->addWidget(m_gantt);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 1);
    m_split->setChildrenCollapsible(false);
    setCentralWidget(m_split);

    buildActions();
    buildDocks();
    buildMenus();
    buildToolbar();

    m_stateLabel = new QLabel(this);
    m_countLabel = new QLabel(this);
    m_messageLabel = new QLabel(this);
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addWidget(m_messageLabel, 1);
    statusBar()->addPermanentWidget(m_presenter->statusLabel());
    statusBar()->addPermanentWidget(m_countLabel);
    // Which CPython the run mirrors (docs/fidelity.md): a student on 3.14 (forkserver by default) sees
    // workers start one per submit instead of all at the first one.
    auto* mirrors = new QLabel(HelpMenu::mirroredCPython(), this);
    mirrors->setObjectName(QStringLiteral("mirroredCPython"));
    mirrors->setToolTip(
        tr("The executors behave as CPython 3.11-3.13 do on Linux, where the default start "
           "method is fork. CPython 3.14 defaults to forkserver (workers start lazily, one per "
           "submit) and adds InterpreterPoolExecutor; see docs/fidelity.md."));
    statusBar()->addPermanentWidget(mirrors);
    // A long message (what on_timeout did) reads whole at 1280x720: the note shortens, the message wraps.
    new StatusFit(statusBar(), m_messageLabel, mirrors, HelpMenu::mirroredCPython(),
                  HelpMenu::mirroredCPythonShort());

    connect(m_controller, &RunController::stateChanged, this, [this] {
        updateActions();
        updateStatus();
    });
    connect(m_controller, &RunController::selectedTaskChanged, this, &MainWindow::updateActions);
    connect(m_controller, &RunController::cursorChanged, this, &MainWindow::updateActions);
    connect(m_controller, &RunController::frameApplied, this, &MainWindow::updateActions);
    connect(m_controller, &RunController::stepped, this, &MainWindow::updateStatus);
    connect(m_controller, &RunController::message, this,
            [this](const QString& text) { m_messageLabel->setText(text); });
    connect(m_controller, &RunController::runReset, this, [this] { m_messageLabel->clear(); });
    connect(m_fileMenu, &FileMenu::message, m_messageLabel, &QLabel::setText);
    connect(m_helpMenu, &HelpMenu::message, m_messageLabel, &QLabel::setText);
    connect(m_diagram, &DiagramView::killWorkerRequested, m_controller, &RunController::killWorker);
    // The status line shows live counts; a few times a second is enough.
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(200);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer->start();

    // Space, Right and Del reach the window's actions whatever has focus (see fieldTakesKey).
    qApp->installEventFilter(this);
    // 1440x900 where it fits; never larger than the screen it opens on (a 1280x720 projector), the
    // docks arranged so the diagram keeps its texts whole (a saved arrangement is restored over it).
    fitWindowToScreen(*this, screen() ? screen()->availableGeometry().size() : QSize(1440, 900));
    if (m_persist)
        loadSettings();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow() = default;

bool MainWindow::fieldTakesKey(const QWidget* w, int key)
{
    if (key != Qt::Key_Space && key != Qt::Key_Right && key != Qt::Key_Delete)
        return false;
    bool editable = false;
    bool numeric = false;
    if (const auto* e = qobject_cast<const QLineEdit*>(w)) {
        editable = !e->isReadOnly();
        numeric = e->property("poolscopeNumeric").toBool();
    } else if (const auto* b = qobject_cast<const QAbstractSpinBox*>(w)) {
        editable = !b->isReadOnly();
        numeric = true;
    } else if (const auto* p = qobject_cast<const QPlainTextEdit*>(w)) {
        editable = !p->isReadOnly();
    } else if (const auto* t = qobject_cast<const QTextEdit*>(w)) {
        editable = !t->isReadOnly();
    } else if (const auto* c = qobject_cast<const QComboBox*>(w)) {
        editable = c->isEditable();
    }
    if (!editable)
        return false;
    return key != Qt::Key_Space || !numeric;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    // Before a shortcut fires, Qt asks the focus widget (ShortcutOverride) whether it wants
    // the key; text fields say yes to Space, Right and Del. Decide here instead, for the
    // widgets of this window and of its floating docks.
    if (event->type() == QEvent::ShortcutOverride && watched->isWidgetType()) {
        auto* k = static_cast<QKeyEvent*>(event);
        const int key = k->key();
        if ((k->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier &&
            (key == Qt::Key_Space || key == Qt::Key_Right || key == Qt::Key_Delete)) {
            auto* w = static_cast<QWidget*>(watched);
            const QWidget* p = w;
            while (p && p != this)
                p = p->parentWidget();
            if (p == this) {
                if (fieldTakesKey(w, key))
                    k->accept();
                else
                    k->ignore();
                return true;
            }
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::buildActions()
{
    m_runAction = new QAction(this);
    m_runAction->setShortcut(QKeySequence(Qt::Key_Space));
    m_runAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_runAction, &QAction::triggered, m_controller, &RunController::togglePause);

    m_stepAction = new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Step"), this);
    m_stepAction->setShortcut(QKeySequence(Qt::Key_Right));
    m_stepAction->setToolTip(tr("Let exactly one more event happen (Right)"));
    connect(m_stepAction, &QAction::triggered, m_controller, &RunController::step);

    m_resetAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Reset"), this);
    m_resetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_resetAction->setToolTip(tr("Stop this run and start over (Ctrl+R)"));
    connect(m_resetAction, &QAction::triggered, m_controller, &RunController::reset);

    m_cancelAction =
        new QAction(style()->standardIcon(QStyle::SP_DialogCancelButton), tr("Cancel future"), this);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Delete));
    m_cancelAction->setToolTip(tr("future.cancel() on the selected task (Del)"));
    connect(m_cancelAction, &QAction::triggered, m_controller, &RunController::cancelSelectedFuture);

    for (const auto& [wait, cancel] : {std::pair{true, false}, {false, false}, {true, true}, {false, true}}) {
        auto* a = new QAction(
            QStringLiteral("shutdown(wait=%1, cancel_futures=%2)").arg(boolPy(wait), boolPy(cancel)), this);
        connect(a, &QAction::triggered, m_controller,
                [this, wait = wait, cancel = cancel] { m_controller->shutdownPool(wait, cancel); });
        m_shutdownActions << a;
    }

    m_killAction =
        new QAction(style()->standardIcon(QStyle::SP_MessageBoxCritical), tr("Kill worker…"), this);
    m_killAction->setToolTip(tr("SIGKILL one worker process: the pool breaks, as in CPython"));
    connect(m_killAction, &QAction::triggered, this, &MainWindow::killWorkerDialog);
}

void MainWindow::buildDocks()
{
    auto dock = [this](QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                       QDockWidget::DockWidgetClosable);
        addDockWidget(area, d);
        return d;
    };
    m_scenario = new ScenarioPanel(m_controller, this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_scenario);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(260);
    auto* scenarioDock = dock(scroll, tr("Scenario"), QStringLiteral("scenarioDock"), Qt::LeftDockWidgetArea);

    m_inspector = new InspectorPanel(m_controller, this);
    m_eventLog = new EventLogPanel(m_controller, this);
    auto* inspectorDock =
        dock(m_inspector, tr("Task inspector"), QStringLiteral("inspectorDock"), Qt::RightDockWidgetArea);
    auto* logDock =
        dock(m_eventLog, tr("Event log"), QStringLiteral("eventLogDock"), Qt::RightDockWidgetArea);
    // Inspector and log share the right side as tabs; selecting a task raises the inspector.
    tabifyDockWidget(inspectorDock, logDock);
    logDock->raise();
    connect(m_controller, &RunController::selectedTaskChanged, this, [inspectorDock](qint64 task) {
        if (task >= 0)
            inspectorDock->raise();
    });

    m_charts = new ChartsPanel(m_controller, this);
    auto* chartsDock =
        dock(m_charts, tr("Live charts"), QStringLiteral("chartsDock"), Qt::BottomDockWidgetArea);
    // The bottom dock spans only the centre: the side panels keep full height.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resizeDocks({scenarioDock, inspectorDock}, {320, 400}, Qt::Horizontal);
    resizeDocks({chartsDock}, {230}, Qt::Vertical);
}

void MainWindow::buildMenus()
{
    m_fileMenu->build(menuBar(), m_scenario);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAction);
    run->addAction(m_stepAction);
    run->addAction(m_resetAction);
    (new ReplayActions(this, m_controller))->build(menuBar());
    QMenu* speed = run->addMenu(tr("Speed"));
    auto* speedGroup = new QActionGroup(this);
    for (double s : ScenarioPanel::speeds()) {
        QAction* a =
            speed->addAction(s >= 1 ? tr("Real time") : tr("Slow motion ×%1").arg(std::lround(1 / s)));
        a->setCheckable(true);
        a->setData(s);
        speedGroup->addAction(a);
        connect(a, &QAction::triggered, m_controller, [this, s] { m_controller->setSpeed(s); });
    }
    connect(m_controller, &RunController::speedChanged, this, [speedGroup](double s) {
        for (QAction* a : speedGroup->actions())
            a->setChecked(std::abs(a->data().toDouble() - s) < 1e-9);
    });
    for (QAction* a : speedGroup->actions())
        a->setChecked(std::abs(a->data().toDouble() - m_controller->speed()) < 1e-9);

    QMenu* intervene = menuBar()->addMenu(tr("&Intervene"));
    intervene->addAction(m_cancelAction);
    intervene->addSeparator();
    for (QAction* a : m_shutdownActions)
        intervene->addAction(a);
    intervene->addSeparator();
    intervene->addAction(m_killAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    QAction* follow = view->addAction(tr("Follow the timeline"));
    follow->setShortcut(QKeySequence(Qt::Key_F));
    connect(follow, &QAction::triggered, m_controller, [this] { m_controller->setTimelineFollow(true); });
    QAction* zoomIn = view->addAction(tr("Zoom timeline in"));
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    connect(zoomIn, &QAction::triggered, m_controller,
            [this] { m_controller->setTimelineZoom(m_controller->timelineNsPerPx() / 1.5); });
    QAction* zoomOut = view->addAction(tr("Zoom timeline out"));
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOut, &QAction::triggered, m_controller,
            [this] { m_controller->setTimelineZoom(m_controller->timelineNsPerPx() * 1.5); });
    view->addSeparator();
    m_presenter->build(view, {zoomIn, zoomOut}); // in presenter mode Ctrl++ / Ctrl+- scale it
    view->addSeparator();
    SweepView::addToMenu(view, m_controller, this);
    CompareView::addToMenu(view, m_controller, this);
    view->addSeparator();
    QMenu* themeMenu = view->addMenu(tr("Theme"));
    auto* themeGroup = new QActionGroup(this);
    for (const auto& [choice, label] : {std::pair{theme::Choice::System, tr("System")},
                                        {theme::Choice::Light, tr("Light")},
                                        {theme::Choice::Dark, tr("Dark")}}) {
        QAction* a = themeMenu->addAction(label);
        a->setCheckable(true);
        a->setData(static_cast<int>(choice));
        themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, choice = choice] { setThemeChoice(choice); });
        m_themeActions << a;
    }
    QMenu* lang = view->addMenu(tr("Language"));
    auto* langGroup = new QActionGroup(this);
    const QString current =
        QSettings().value(QStringLiteral("language"), QStringLiteral("system")).toString();
    for (const auto& [code, label] : {std::pair{QStringLiteral("system"), tr("System")},
                                      {QStringLiteral("en"), QStringLiteral("English")},
                                      {QStringLiteral("zh_CN"), QStringLiteral("中文（简体）")}}) {
        QAction* a = lang->addAction(label);
        a->setCheckable(true);
        a->setChecked(code == current);
        langGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = code] {
            if (m_persist)
                QSettings().setValue(QStringLiteral("language"), code);
            m_messageLabel->setText(tr("The language changes the next time PoolScope starts."));
        });
    }

    m_helpMenu->build(menuBar());
}

void MainWindow::buildToolbar()
{
    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_runAction);
    bar->addAction(m_stepAction);
    bar->addAction(m_resetAction);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Speed "), bar));
    m_speedBox = new QComboBox(bar);
    for (double s : ScenarioPanel::speeds())
        m_speedBox->addItem(s >= 1 ? tr("real time") : tr("slow ×%1").arg(std::lround(1 / s)), s);
    m_speedBox->setToolTip(tr("Slow motion: tasks take longer and events are paced"));
    connect(m_speedBox, &QComboBox::activated, this,
            [this](int i) { m_controller->setSpeed(m_speedBox->itemData(i).toDouble()); });
    auto syncSpeed = [this](double s) {
        for (int i = 0; i < m_speedBox->count(); ++i)
            if (std::abs(m_speedBox->itemData(i).toDouble() - s) < 1e-9)
                m_speedBox->setCurrentIndex(i);
    };
    connect(m_controller, &RunController::speedChanged, this, syncSpeed);
    syncSpeed(m_controller->speed());
    bar->addWidget(m_speedBox);
    bar->addSeparator();
    bar->addAction(m_cancelAction);
    auto* shutdownButton = m_shutdownButton = new QToolButton(bar);
    shutdownButton->setObjectName(QStringLiteral("shutdownButton"));
    shutdownButton->setText(tr("Shutdown"));
    shutdownButton->setIcon(style()->standardIcon(QStyle::SP_BrowserStop));
    shutdownButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    shutdownButton->setPopupMode(QToolButton::InstantPopup);
    shutdownButton->setToolTip(tr("executor.shutdown(wait, cancel_futures)"));
    auto* menu = new QMenu(shutdownButton);
    for (QAction* a : m_shutdownActions)
        menu->addAction(a);
    shutdownButton->setMenu(menu);
    bar->addWidget(shutdownButton);
    bar->addAction(m_killAction);
}

void MainWindow::updateActions()
{
    // Called every frame: touch the run action only when the state changed
    // (setIcon always counts as a change and would repaint the toolbar).
    const RunState s = m_controller->state();
    const bool running = s == RunState::Running;
    if (!m_actionsState || *m_actionsState != s) {
        m_actionsState = s;
        m_runAction->setText(running ? tr("Pause") : s == RunState::Paused ? tr("Resume") : tr("Run"));
        m_runAction->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
        m_runAction->setToolTip(running ? tr("Freeze the executor at its next event (Space)")
                                        : tr("Run the executor (Space)"));
    }
    const bool live = m_controller->canIntervene();
    const TaskRecord* t = m_controller->selectedTask() >= 0
                              ? m_controller->scene().task(m_controller->selectedTask())
                              : nullptr;
    m_cancelAction->setEnabled(live && t && !t->done());
    for (QAction* a : m_shutdownActions)
        a->setEnabled(live);
    // The button only opens the menu: greyed out when every item in it is.
    if (m_shutdownButton)
        m_shutdownButton->setEnabled(live);
    m_killAction->setEnabled(m_controller->canKillWorkers());
}

QString MainWindow::statusText() const
{
    return m_stateLabel->text();
}

QString MainWindow::countText() const
{
    return m_countLabel->text();
}

void MainWindow::updateStatus()
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
    m_stateLabel->setText(state);
    // Out of what the scenario will submit, not of what is submitted so far ("0/1" of 3).
    QString counts = tr("events %1 · tasks %2/%3 done")
                         .arg(sc.eventsApplied())
                         .arg(done)
                         .arg(std::max<std::int64_t>(sc.submitted(), m_controller->spec().scenario.tasks));
    if (m_controller->liveRuns() > 1)
        counts += tr(" · finishing %1 earlier run(s)").arg(m_controller->liveRuns() - 1);
    m_countLabel->setText(counts);
}

void MainWindow::setThemeChoice(theme::Choice choice)
{
    m_theme = choice;
    theme::apply(*qApp, choice);
    for (QAction* a : m_themeActions)
        a->setChecked(a->data().toInt() == static_cast<int>(choice));
    if (m_persist)
        QSettings().setValue(QStringLiteral("theme"), theme::toString(choice));
}

void MainWindow::loadSettings()
{
    QSettings s;
    if (s.contains(QStringLiteral("geometry")))
        restoreGeometry(s.value(QStringLiteral("geometry")).toByteArray());
    if (s.contains(QStringLiteral("windowState")))
        restoreState(s.value(QStringLiteral("windowState")).toByteArray());
    if (s.contains(QStringLiteral("centralSplit")))
        m_split->restoreState(s.value(QStringLiteral("centralSplit")).toByteArray());
    setThemeChoice(theme::fromString(s.value(QStringLiteral("theme"), QStringLiteral("system")).toString()));

    // The scenario is stored as the same JSON poolscope-cli reads; one edited
    // by hand into something invalid is not loaded into the fields.
    RunSpec spec = m_controller->spec();
    const QString json = s.value(QStringLiteral("scenario/json")).toString();
    if (!json.isEmpty()) {
        try {
            spec.scenario = scenarioFromJson(json.toStdString());
        } catch (const std::exception&) {
            spec.scenario = m_controller->spec().scenario;
        }
    }
    spec.speed = s.value(QStringLiteral("scenario/speed"), spec.speed).toDouble();
    if (spec.validate().empty())
        m_controller->setSpec(spec);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("geometry"), saveGeometry());
    s.setValue(QStringLiteral("windowState"), saveState());
    s.setValue(QStringLiteral("centralSplit"), m_split->saveState());
    const RunSpec& spec = m_controller->spec();
    s.setValue(QStringLiteral("scenario/json"), QString::fromStdString(scenarioToJson(spec.scenario, -1)));
    s.setValue(QStringLiteral("scenario/speed"), spec.speed);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_presenter->setActive(false); // the normal layout is the one that persists
    if (m_persist)
        saveSettings();
    // Let every run end now: the gate opens, queued work is cancelled, worker
    // processes are terminated; the controller joins them when it goes.
    m_controller->beginShutdown();
    event->accept();
}

QString MainWindow::messageText() const
{
    return m_messageLabel->text();
}

void MainWindow::killWorkerDialog()
{
    QStringList pids;
    for (const WorkerRecord& w : m_controller->scene().workers())
        if (w.state != WorkerState::Exited && w.state != WorkerState::Killed)
            pids << QString::number(w.id);
    if (pids.isEmpty())
        return;
    // Not modal-blocking: the run goes on while the dialog is open, and may end before OK.
    delete findChild<QInputDialog*>(QStringLiteral("killDialog"));
    auto* dialog = new QInputDialog(this);
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

void MainWindow::killChosenWorker(int pid)
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
    m_messageLabel->setText(tr("Worker %1 not killed: %2.").arg(pid).arg(why));
}

} // namespace poolscope::ui
