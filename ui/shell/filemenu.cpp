#include "ui/shell/filemenu.h"

#include "core/run/runfile.h"
#include "ui/panels/scenariopanel.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/recentscenarios.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>

#include <algorithm>

namespace poolscope::ui {

FileMenu::FileMenu(QMainWindow* window, RunController* controller, bool persist)
    : QObject(window), m_window(window), m_controller(controller),
      m_recent(std::make_unique<RecentScenarios>(persist)),
      m_recentRuns(std::make_unique<RecentScenarios>(persist, QStringLiteral("recentRuns"))),
      m_exports(
          new ExportMenu(this, window, controller, [this](const QString& text) { Q_EMIT message(text); }))
{
    window->setAcceptDrops(true);
    window->installEventFilter(this);
}

FileMenu::~FileMenu() = default;

void FileMenu::build(QMenuBar* bar, ScenarioPanel* scenario)
{
    m_menu = bar->addMenu(tr("&File"));
    QAction* open = m_menu->addAction(tr("Open scenario…"), this, &FileMenu::openScenario);
    open->setShortcut(QKeySequence::Open);
    QAction* save = m_menu->addAction(tr("Save scenario as…"), this, &FileMenu::saveScenario);
    save->setShortcut(QKeySequence::Save);
    m_recentMenu = m_menu->addMenu(tr("Recent scenarios"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    // Rebuilt when it opens, so a file deleted meanwhile is dropped then, with a message.
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] { rebuildRecentMenu(); });
    rebuildRecentMenu(false);
    m_menu->addSeparator();
    m_menu->addAction(tr("Open run…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open run"), QString(),
                                                          tr("Run files (*.pstrace);;All files (*)"));
        if (!path.isEmpty())
            openRunFile(path, nullptr, true);
    });
    QAction* saveRun = m_menu->addAction(tr("Save run…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            m_window, tr("Save run"), QStringLiteral("run.pstrace"), tr("Run files (*.pstrace)"));
        QString error;
        if (!path.isEmpty() && !saveRunFile(path, &error))
            QMessageBox::warning(m_window, tr("Save run"), error);
    });
    connect(m_menu, &QMenu::aboutToShow, saveRun,
            [this, saveRun] { saveRun->setEnabled(!m_controller->history().empty()); });
    m_recentRunsMenu = m_menu->addMenu(tr("Recent runs"));
    m_recentRunsMenu->setObjectName(QStringLiteral("recentRunsMenu"));
    connect(m_recentRunsMenu, &QMenu::aboutToShow, this, &FileMenu::rebuildRecentRunsMenu);
    m_exports->build(m_menu);
    m_menu->addSeparator();
    QMenu* presetMenu = m_menu->addMenu(tr("Presets"));
    for (const Preset& p : presets()) {
        QAction* a = presetMenu->addAction(QString::fromStdString(p.name));
        a->setToolTip(QString::fromStdString(p.summary));
        a->setStatusTip(QString::fromStdString(p.summary));
        connect(a, &QAction::triggered, scenario,
                [scenario, name = QString::fromStdString(p.name)] { scenario->loadPreset(name); });
    }
    m_menu->addSeparator();
    QAction* shot = m_menu->addAction(tr("Save screenshot…"), this, &FileMenu::saveScreenshot);
    shot->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_menu->addSeparator();
    QAction* quit = m_menu->addAction(tr("&Quit"), m_window, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

bool FileMenu::loadScenarioFile(const QString& path, QString* error)
{
    try {
        RunSpec spec = m_controller->spec();
        spec.scenario = ::poolscope::loadScenarioFile(path.toStdString());
        const std::string bad = spec.validate();
        if (!bad.empty()) {
            if (error)
                *error = tr("%1: %2").arg(path, QString::fromStdString(bad));
            return false;
        }
        m_controller->setSpec(spec);
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

void FileMenu::openScenario()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open scenario"), QString(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!loadScenarioFile(path, &error)) {
        QMessageBox::warning(m_window, tr("Open scenario"), error);
        return;
    }
    m_recent->add(path);
    rebuildRecentMenu();
}

void FileMenu::openRecentScenario(const QString& path)
{
    if (!QFileInfo(path).isFile()) {
        m_recent->remove(path);
        rebuildRecentMenu();
        Q_EMIT message(tr("%1 no longer exists: removed from the recent scenarios.").arg(path));
        return;
    }
    QString error;
    if (!loadScenarioFile(path, &error)) {
        QMessageBox::warning(m_window, tr("Open scenario"), error);
        return;
    }
    m_recent->add(path);
    rebuildRecentMenu();
    Q_EMIT message(tr("Opened %1").arg(QFileInfo(path).fileName()));
}

void FileMenu::rebuildRecentMenu(bool checkMissing)
{
    const QStringList gone = checkMissing ? m_recent->dropMissing() : QStringList();
    if (!gone.isEmpty())
        Q_EMIT message(tr("Removed %n missing file(s) from the recent scenarios: %1", nullptr,
                          static_cast<int>(gone.size()))
                           .arg(gone.join(QStringLiteral(", "))));
    if (!fillRecentMenu(m_recentMenu, m_recent->paths(), [this](const QString& p) { openRecentScenario(p); }))
        return;
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear the list"), this, [this] {
        m_recent->clear();
        rebuildRecentMenu();
    });
}

bool FileMenu::fillRecentMenu(QMenu* menu, const QStringList& paths,
                              const std::function<void(const QString&)>& open)
{
    menu->clear();
    int n = 0;
    for (const QString& p : paths) {
        // &1..&8: the digit opens it from the keyboard.
        QAction* a = menu->addAction(QStringLiteral("&%1 %2").arg(++n).arg(QFileInfo(p).fileName()));
        a->setToolTip(p);
        a->setStatusTip(p);
        a->setData(p);
        connect(a, &QAction::triggered, this, [open, p] { open(p); });
    }
    if (paths.isEmpty())
        menu->addAction(tr("(none yet)"))->setEnabled(false);
    return !paths.isEmpty();
}

void FileMenu::saveScenario()
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Save scenario"), QStringLiteral("scenario.json"), tr("Scenarios (*.json)"));
    if (path.isEmpty())
        return;
    try {
        saveScenarioFile(m_controller->spec().scenario, path.toStdString());
    } catch (const std::exception& e) {
        QMessageBox::warning(m_window, tr("Save scenario"), QString::fromStdString(e.what()));
        return;
    }
    m_recent->add(path);
    rebuildRecentMenu();
}

QString FileMenu::endedWith(const RunOutcome& o)
{
    QString text =
        tr("ended with %1 finished, %2 failed, %3 cancelled").arg(o.completed).arg(o.failed).arg(o.cancelled);
    if (o.unfinished > 0)
        text += tr(", %1 unfinished").arg(o.unfinished);
    if (!o.errorType.empty())
        text += tr(", the caller saw %1").arg(QString::fromStdString(o.errorType));
    else if (o.broken)
        text += tr(", the pool broken");
    return text;
}

bool FileMenu::openRunFile(const QString& path, QString* error, bool dialog)
{
    QString why;
    try {
        RunFile run = readRunFile(path.toStdString());
        RunSpec spec = m_controller->spec();
        if (!run.scenarioJson.empty()) {
            try {
                spec.scenario = scenarioFromJson(run.scenarioJson);
            } catch (const std::exception& e) {
                throw RunFileError(path.toStdString() + ": scenario: " + e.what());
            }
        } else {
            // No scenario (an old trace): the pool and its size from ExecutorCreated.
            for (const Event& e : run.events)
                if (e.kind == EventKind::ExecutorCreated) {
                    spec.scenario.pool = e.value2 == 1 ? "process" : "thread";
                    spec.scenario.workers = static_cast<int>(e.value);
                    break;
                }
        }
        const std::size_t n = run.events.size();
        const QString ended = run.outcome ? endedWith(*run.outcome) : tr("no outcome recorded");
        m_controller->loadRecording(spec, std::move(run.events), std::move(run.outcome), run.notes);
        m_recentRuns->add(path);
        Q_EMIT message(tr("Opened the run %1: %n event(s), %2; replay only (Run starts it again)", nullptr,
                          static_cast<int>(n))
                           .arg(QFileInfo(path).fileName(), ended));
        return true;
    } catch (const std::exception& e) {
        why = QString::fromStdString(e.what());
    }
    if (error)
        *error = why;
    if (dialog)
        QMessageBox::warning(m_window, tr("Open run"), why);
    return false;
}

bool FileMenu::saveRunFile(const QString& path, QString* error)
{
    try {
        RunFile run;
        const RunSpec& spec = m_controller->spec();
        run.meta = currentRunMeta("poolscope", spec.scenario.pool);
        run.scenarioJson = scenarioToJson(spec.scenario, -1);
        run.events = m_controller->history().events();
        run.notes = m_controller->history().notes();
        // Each frame arrives sorted by seq, but a worker's ring may be drained a frame late: a run file
        // holds the one true order.
        std::stable_sort(run.events.begin(), run.events.end(),
                         [](const Event& x, const Event& y) { return x.seq < y.seq; });
        // What the run ended with, once it did (a run saved while it goes on has none yet).
        run.outcome = m_controller->outcome();
        if (run.outcome)
            run.outcome->eventsTotal = run.events.size();
        writeRunFile(path.toStdString(), run);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    m_recentRuns->add(path);
    Q_EMIT message(tr("Saved the run to %1").arg(path));
    return true;
}

void FileMenu::rebuildRecentRunsMenu()
{
    const QStringList gone = m_recentRuns->dropMissing();
    if (!gone.isEmpty())
        Q_EMIT message(
            tr("Removed %n missing file(s) from the recent runs: %1", nullptr, static_cast<int>(gone.size()))
                .arg(gone.join(QStringLiteral(", "))));
    fillRecentMenu(m_recentRunsMenu, m_recentRuns->paths(),
                   [this](const QString& p) { openRunFile(p, nullptr, true); });
}

bool FileMenu::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && (event->type() == QEvent::DragEnter || event->type() == QEvent::Drop)) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QList<QUrl> urls = drop->mimeData()->hasUrls() ? drop->mimeData()->urls() : QList<QUrl>();
        const bool run = urls.size() == 1 && urls.front().isLocalFile() &&
                         urls.front().toLocalFile().endsWith(QLatin1String(kRunFileExtension));
        if (!run)
            return false;
        drop->acceptProposedAction();
        if (event->type() == QEvent::Drop)
            openRunFile(urls.front().toLocalFile(), nullptr, true);
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void FileMenu::saveScreenshot()
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Save screenshot"), QStringLiteral("poolscope.png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!m_window->grab().save(path, "PNG"))
        QMessageBox::warning(m_window, tr("Save screenshot"), tr("Could not write %1").arg(path));
}

} // namespace poolscope::ui
