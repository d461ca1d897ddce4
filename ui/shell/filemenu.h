#pragma once
// The window's File menu: open and save scenarios, File ▸ Recent scenarios, the presets, open and save
// runs (run files, .pstrace: replay), File ▸ Recent runs, a dropped run file, File ▸ Export (the diagram
// at the cursor as PNG or SVG, the run as a Chrome trace), a screenshot of the window, Quit. Messages for the
// status bar (a dropped recent file, what was opened) go out through message().

#include "ui/shell/exportmenu.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QMainWindow;
class QMenu;
class QMenuBar;

namespace poolscope {
struct RunOutcome;
}

namespace poolscope::ui {

class RunController;
class ScenarioPanel;
class RecentScenarios;

class FileMenu : public QObject
{
    Q_OBJECT
public:
    // `persist`: the recent list lives in QSettings (off for tests and headless runs).
    FileMenu(QMainWindow* window, RunController* controller, bool persist);
    ~FileMenu() override;

    // Adds the menu to `bar`; the presets load into `scenario`.
    void build(QMenuBar* bar, ScenarioPanel* scenario);
    QMenu* menu() const noexcept { return m_menu; }

    // Loads a scenario JSON file into the run's spec; false (and why) when it is bad.
    bool loadScenarioFile(const QString& path, QString* error);
    // File ▸ Recent: opens `path` (and moves it first), or drops it with a message when it is gone.
    void openRecentScenario(const QString& path);
    RecentScenarios* recentScenarios() const noexcept { return m_recent.get(); }
    RecentScenarios* recentRuns() const noexcept { return m_recentRuns.get(); }

    // Opens a run file into replay (nothing runs). A bad file: false, and `error` says
    // "FILE: byte N (event K): what is wrong"; with `dialog`, a warning dialog says it too.
    bool openRunFile(const QString& path, QString* error, bool dialog);
    // The current run's history, its scenario, what it ended with (once it did) and this
    // machine's metadata, as a run file.
    bool saveRunFile(const QString& path, QString* error);
    // "ended with 2 finished, 1 failed, 0 cancelled, the caller saw TimeoutError" (the status bar).
    static QString endedWith(const RunOutcome& outcome);
    // File ▸ Export, as ExportMenu says.
    bool exportDiagramPng(const QString& path, QString* error) { return m_exports->diagramPng(path, error); }
    bool exportDiagramSvg(const QString& path, QString* error) { return m_exports->diagramSvg(path, error); }
    bool exportChromeTrace(const QString& path, QString* error)
    {
        return m_exports->chromeTrace(path, error);
    }
    bool exportStagesCsv(const QString& path, QString* error) { return m_exports->stagesCsv(path, error); }
    bool exportEventsCsv(const QString& path, QString* error) { return m_exports->eventsCsv(path, error); }
    QMenu* recentMenu() const noexcept { return m_recentMenu; }

Q_SIGNALS:
    void message(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override; // a .pstrace dropped on the window

private:
    void openScenario();
    void rebuildRecentRunsMenu();
    void saveScenario();
    void saveScreenshot();
    // `checkMissing`: drop (and report) the entries whose file has gone; not while the menu is built,
    // when nobody could read the message yet.
    void rebuildRecentMenu(bool checkMissing = true);
    // Both Recent menus: "&1 name" per path (the path in its tips), "(none yet)" when there are none
    // (then false).
    bool fillRecentMenu(QMenu* menu, const QStringList& paths,
                        const std::function<void(const QString&)>& open);

    QMainWindow* m_window;
    RunController* m_controller;
    std::unique_ptr<RecentScenarios> m_recent;
    std::unique_ptr<RecentScenarios> m_recentRuns;
    ExportMenu* m_exports;
    QMenu* m_recentRunsMenu = nullptr;
    QMenu* m_menu = nullptr;
    QMenu* m_recentMenu = nullptr;
};

} // namespace poolscope::ui
