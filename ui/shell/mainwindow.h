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
class FileMenu;
class HelpMenu;
class PresenterMode;
class RunActions;
class StatusLine;

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
    // The status bar's state and counts ("events N · tasks done/total done"): see StatusLine.
    QString statusText() const;
    QString countText() const;

    QAction* runAction() const noexcept;
    QAction* stepAction() const noexcept;
    QAction* resetAction() const noexcept;

    // Whether the focused widget `w` types `key` itself rather than let the window's
    // shortcut have it: editable text keeps Right and Del (cursor, deletion) and Space
    // unless it holds a number (spin boxes, numeric fields). Everything else (combo
    // boxes, buttons, tables, read-only text) leaves Space, Right and Del to Run/Step/Cancel.
    static bool fieldTakesKey(const QWidget* w, int key);

    void setThemeChoice(theme::Choice choice);
    FileMenu* fileMenu() const noexcept { return m_fileMenu; }
    HelpMenu* helpMenu() const noexcept { return m_helpMenu; }
    PresenterMode* presenter() const noexcept { return m_presenter; }
    // The status bar's message (a dropped recent file, a language change, a run's note).
    QString messageText() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildMenus();
    void buildViewMenu();
    void buildToolbar();
    void buildDocks();
    // Gives the diagram the width its texts need, out of the side docks (windowfit.h), unless
    // presenter mode arranges the window.
    void widenDiagram();
    void loadSettings();
    void saveSettings() const;

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
    RunActions* m_actions = nullptr;
    StatusLine* m_status = nullptr;
    QWidget* m_noticeRow = nullptr; // StatusLine's row for a long message: shown, it takes height
    QList<QAction*> m_themeActions;
    theme::Choice m_theme = theme::Choice::System;
    FileMenu* m_fileMenu;
    HelpMenu* m_helpMenu;
    PresenterMode* m_presenter;
};

} // namespace poolscope::ui
