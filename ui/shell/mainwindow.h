#pragma once
// The PoolScope window: scenario panel, the animated diagram with the
// per-worker timeline under it, live charts, the task inspector and the event
// log; menus, toolbar, shortcuts, status bar, settings.

#include "ui/run/runcontroller.h"
#include "ui/shell/theme.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QComboBox;
class QMenu;
class QLabel;
class QSplitter;
class QToolButton;

namespace poolscope::ui {

class DiagramView;
class GanttView;
class ChartsPanel;
class InspectorPanel;
class EventLogPanel;
class ScenarioPanel;
class RecentScenarios;
class DocViewer;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `persist`: read and write QSettings (off for tests and headless runs).
    explicit MainWindow(bool persist = true, QWidget* parent = nullptr);
    ~MainWindow() override;

    RunController* controller() const noexcept { return m_controller; }
    DiagramView* diagram() const noexcept { return m_diagram; }
    GanttView* gantt() const noexcept { return m_gantt; }
    ChartsPanel* charts() const noexcept { return m_charts; }
    InspectorPanel* inspector() const noexcept { return m_inspector; }
    EventLogPanel* eventLog() const noexcept { return m_eventLog; }
    ScenarioPanel* scenario() const noexcept { return m_scenario; }
    QString statusText() const;
    // The status bar's counts ("events N · tasks done/total done").
    QString countText() const;
    // The status bar's "mirrors CPython 3.12, fork start method" (also in Help > About).
    static QString mirroredCPython();

    QAction* runAction() const noexcept { return m_runAction; }
    QAction* stepAction() const noexcept { return m_stepAction; }
    QAction* resetAction() const noexcept { return m_resetAction; }

    // Whether the focused widget `w` types `key` itself rather than let the window's
    // shortcut have it: editable text keeps Right and Del (cursor, deletion) and Space
    // unless it holds a number (spin boxes, numeric fields). Everything else (combo
    // boxes, buttons, tables, read-only text) leaves Space, Right and Del to Run/Step/Cancel.
    static bool fieldTakesKey(const QWidget* w, int key);

    void setThemeChoice(theme::Choice choice);
    // Loads a scenario JSON file into the panel; false (and why) when it is bad.
    bool loadScenarioFile(const QString& path, QString* error);

    // File ▸ Recent: opens `path` (and moves it first), or drops it with a message when it is gone.
    void openRecentScenario(const QString& path);
    RecentScenarios* recentScenarios() const noexcept { return m_recent.get(); }
    QMenu* recentMenu() const noexcept { return m_recentMenu; }
    // The status bar's message (a dropped recent file, a language change, a run's note).
    QString messageText() const;

    // Help: the folder with README.md and docs/ (DocViewer::findDocsRoot() unless set).
    QString docsRoot() const { return m_docsRoot; }
    void setDocsRoot(const QString& root);
    // Opens README.md / docs/tutorial.md in the documentation viewer; null when the file is missing.
    DocViewer* showDocumentation();
    DocViewer* showTutorial();
    QString aboutText() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void buildToolbar();
    void buildDocks();
    void updateActions();
    void updateStatus();
    void loadSettings();
    void saveSettings() const;
    void saveScreenshot();
    void openScenario();
    void saveScenario();
    void killWorkerDialog();
    void killChosenWorker(int pid);
    void showShortcuts();
    void showAbout();
    void rebuildRecentMenu();
    DocViewer* showDoc(const QString& relativePath);

    bool m_persist;
    RunController* m_controller;
    DiagramView* m_diagram = nullptr;
    GanttView* m_gantt = nullptr;
    QSplitter* m_split = nullptr;
    ChartsPanel* m_charts = nullptr;
    InspectorPanel* m_inspector = nullptr;
    EventLogPanel* m_eventLog = nullptr;
    ScenarioPanel* m_scenario = nullptr;
    QComboBox* m_speedBox = nullptr;
    QToolButton* m_shutdownButton = nullptr;
    QLabel* m_stateLabel = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_messageLabel = nullptr;
    QTimer* m_statusTimer = nullptr;

    QAction* m_runAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_resetAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_killAction = nullptr;
    QList<QAction*> m_shutdownActions;
    QList<QAction*> m_themeActions;
    theme::Choice m_theme = theme::Choice::System;
    std::optional<RunState> m_actionsState;
    std::unique_ptr<RecentScenarios> m_recent;
    QMenu* m_recentMenu = nullptr;
    QString m_docsRoot;
    QAction* m_docsAction = nullptr;
    QAction* m_tutorialAction = nullptr;
};

} // namespace poolscope::ui
