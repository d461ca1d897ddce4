#include "ui/shell/mainwindow.h"

#include "ui/compare/compareview.h"
#include "ui/compare/sweepview.h"
#include "ui/diagram/diagramview.h"
#include "ui/panels/chartspanel.h"
#include "ui/panels/eventlogpanel.h"
#include "ui/panels/formfit.h"
#include "ui/panels/ganttview.h"
#include "ui/panels/inspectorpanel.h"
#include "ui/panels/scenariopanel.h"
#include "ui/panels/timelinescrubber.h"
#include "ui/run/eventbridge.h"
#include "ui/shell/filemenu.h"
#include "ui/shell/helpmenu.h"
#include "ui/shell/presentermode.h"
#include "ui/shell/replayactions.h"
#include "ui/shell/runactions.h"
#include "ui/shell/statusline.h"
#include "ui/shell/toolbarfit.h"
#include "ui/shell/windowfit.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
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
#include <QTextEdit>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace poolscope::ui {

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

    m_actions =
        new RunActions(this, m_controller, [this](const QString& text) { m_status->setMessage(text); });
    buildDocks();
    buildMenus();
    buildToolbar();
    m_status = new StatusLine(this, m_controller, m_presenter->statusLabel());

    const auto updateActions = [this] { m_actions->update(); };
    connect(m_controller, &RunController::stateChanged, m_actions, updateActions);
    connect(m_controller, &RunController::selectedTaskChanged, m_actions, updateActions);
    connect(m_controller, &RunController::cursorChanged, m_actions, updateActions);
    connect(m_controller, &RunController::frameApplied, m_actions, updateActions);
    connect(m_fileMenu, &FileMenu::message, m_status, &StatusLine::setMessage);
    connect(m_helpMenu, &HelpMenu::message, m_status, &StatusLine::setMessage);
    connect(m_diagram, &DiagramView::killWorkerRequested, m_controller, &RunController::killWorker);

    // Space, Right and Del reach the window's actions whatever has focus (see fieldTakesKey).
    qApp->installEventFilter(this);
    // 1440x900 where it fits; never larger than the screen it opens on (a 1280x720 projector), the
    // docks arranged so the diagram keeps its texts whole (a saved arrangement is restored over it).
    fitWindowToScreen(*this, screen() ? screen()->availableGeometry().size() : QSize(1440, 900));
    // ... and again when the scene comes to need more (a pool breaks) or the notice row takes height.
    m_noticeRow = findChild<QToolBar*>(QStringLiteral("noticeRow"));
    connect(m_diagram, &DiagramView::needChanged, this, &MainWindow::widenDiagram);
    if (m_persist)
        loadSettings();
    m_actions->update();
    m_status->update();
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
    // Queued: after the layout the row's showing asks for (posted before this call is).
    if (event->type() == QEvent::Show && watched == m_noticeRow)
        QMetaObject::invokeMethod(this, &MainWindow::widenDiagram, Qt::QueuedConnection);
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::widenDiagram()
{
    if (!m_presenter->isActive())
        widenDiagramToNeed(*this);
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
    scroll->setMinimumWidth(240);
    new FormFit(scroll->viewport(), m_scenario); // no sideways scrolling in a narrow dock
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
    run->addAction(m_actions->run());
    run->addAction(m_actions->step());
    run->addAction(m_actions->reset());
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

    m_actions->addInterventions(menuBar()->addMenu(tr("&Intervene")));
    buildViewMenu();
    m_helpMenu->build(menuBar());
}

void MainWindow::buildViewMenu()
{
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    QAction* follow = view->addAction(tr("Follow the timeline"));
    follow->setShortcut(QKeySequence(Qt::Key_F));
    connect(follow, &QAction::triggered, m_controller, [this] { m_controller->setTimelineFollow(true); });
    QAction* zoomIn = view->addAction(tr("Zoom timeline in"));
    zoomIn->setShortcuts(
        {QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)}); // Ctrl+= without Shift
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
            m_status->setMessage(tr("The language changes the next time PoolScope starts."));
        });
    }
}

void MainWindow::buildToolbar()
{
    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_actions->run());
    bar->addAction(m_actions->step());
    bar->addAction(m_actions->reset());
    bar->addSeparator();
    QAction* speedLabel = bar->addWidget(new QLabel(tr(" Speed "), bar));
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
    bar->addAction(m_actions->cancel());
    QAction* shutdown = bar->addWidget(m_actions->makeShutdownButton(bar));
    bar->addAction(m_actions->kill());
    // Every action in view on a narrow screen: texts go before buttons do (ui/shell/toolbarfit.h).
    new ToolbarFit(bar,
                   {{m_actions->cancel(), shutdown, m_actions->kill()},
                    {m_actions->step(), m_actions->reset(), speedLabel},
                    {m_actions->run()}},
                   {m_actions->run()});
}

QString MainWindow::statusText() const
{
    return m_status->stateText();
}

QString MainWindow::countText() const
{
    return m_status->countText();
}

QString MainWindow::messageText() const
{
    return m_status->messageText();
}

QAction* MainWindow::runAction() const noexcept
{
    return m_actions->run();
}

QAction* MainWindow::stepAction() const noexcept
{
    return m_actions->step();
}

QAction* MainWindow::resetAction() const noexcept
{
    return m_actions->reset();
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

} // namespace poolscope::ui
