#pragma once
// File ▸ Export (FileMenu): the diagram at the cursor as PNG or SVG, the run as a
// Chrome trace, the task stages and the event log as CSV. Strings keep FileMenu's
// translation context.

#include <QCoreApplication>
#include <QObject>
#include <QString>

#include <functional>

class QMainWindow;
class QMenu;

namespace poolscope::ui {

class RunController;

// A QObject (a child of the File menu's owner, so its connections end with it)
// without Q_OBJECT: it has no signals, and tr() keeps FileMenu's context.
class ExportMenu : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::FileMenu)
public:
    // `message`: where "Exported PATH" goes (the status bar).
    ExportMenu(QObject* parent, QMainWindow* window, RunController* controller,
               std::function<void(const QString&)> message);

    // Adds File ▸ Export to `menu`.
    void build(QMenu* menu);

    // The diagram at the cursor (chips settled).
    bool diagramPng(const QString& path, QString* error);
    bool diagramSvg(const QString& path, QString* error);
    bool chromeTrace(const QString& path, QString* error);
    // The whole recorded run: the inspector's stage table for every task, and every event.
    bool stagesCsv(const QString& path, QString* error);
    bool eventsCsv(const QString& path, QString* error);

private:
    using Write = bool (ExportMenu::*)(const QString&, QString*);
    // Asks for a path, runs `write`, reports a failure in a dialog.
    void exportVia(const QString& title, const QString& name, const QString& filter, Write write);

    QMainWindow* m_window;
    RunController* m_controller;
    std::function<void(const QString&)> m_message;
};

} // namespace poolscope::ui
