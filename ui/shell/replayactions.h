#pragma once
// The window's Replay menu: step back and forward through the recorded run,
// by event or by stage of the selected task, jumps (start, live, next submit,
// completion, error, worker death), playing the history again at x0.1 .. x10.
// None of these touches an executor; they move RunController's cursor.

#include <QList>
#include <QObject>

class QAction;
class QMainWindow;
class QMenuBar;

namespace poolscope::ui {

class RunController;

class ReplayActions : public QObject
{
    Q_OBJECT
public:
    ReplayActions(QMainWindow* window, RunController* controller);
    void build(QMenuBar* bar);
    QAction* stepBack() const noexcept { return m_stepBack; }
    QAction* play() const noexcept { return m_play; }
    QAction* live() const noexcept { return m_live; }
    static QList<double> speeds();

private:
    void update();
    QAction* add(const QString& text, const QKeySequence& key, const QString& tip);

    QMainWindow* m_window;
    RunController* m_controller;
    QList<QAction*> m_all;
    QAction* m_stepBack = nullptr;
    QAction* m_play = nullptr;
    QAction* m_live = nullptr;
    QList<QAction*> m_speedActions;
};

} // namespace poolscope::ui
