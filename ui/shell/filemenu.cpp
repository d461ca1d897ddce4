#include "ui/shell/filemenu.h"

#include "ui/panels/scenariopanel.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/recentscenarios.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

namespace poolscope::ui {

FileMenu::FileMenu(QMainWindow* window, RunController* controller, bool persist)
    : QObject(window), m_window(window), m_controller(controller),
      m_recent(std::make_unique<RecentScenarios>(persist))
{
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
    m_recentMenu->clear();
    const QStringList paths = m_recent->paths();
    int n = 0;
    for (const QString& p : paths) {
        ++n;
        // &1..&8: the digit opens it from the keyboard.
        QAction* a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(n).arg(QFileInfo(p).fileName()));
        a->setToolTip(p);
        a->setStatusTip(p);
        a->setData(p);
        connect(a, &QAction::triggered, this, [this, p] { openRecentScenario(p); });
    }
    if (paths.isEmpty()) {
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear the list"), this, [this] {
        m_recent->clear();
        rebuildRecentMenu();
    });
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
