#pragma once
// The window's status bar: the run's state (paused: who is held, the steps, the
// GMP calls that run on; a broken pool; a caller that waits for ever), the counts,
// the last message, and which CPython the executors mirror. Strings keep
// MainWindow's translation context.

#include <QCoreApplication>
#include <QObject>

class QLabel;
class QMainWindow;

namespace poolscope::ui {

class RunController;
class StatusFit;

// A QObject (a child of the window, so its connections end with it) without
// Q_OBJECT: it has no signals, and tr() keeps MainWindow's context.
class StatusLine : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::MainWindow)
public:
    // `presenterLabel` shows presenter mode's scale, between the message and the counts.
    StatusLine(QMainWindow* window, RunController* controller, QLabel* presenterLabel);

    QString stateText() const;
    // "events N · tasks done/total done"
    QString countText() const;
    // A dropped recent file, a language change, a run's note.
    QString messageText() const;
    void setMessage(const QString& text);
    // State and counts as the controller has them now.
    void update();

private:
    RunController* m_controller;
    QLabel* m_state;
    QLabel* m_count;
    QLabel* m_message;
    StatusFit* m_fit = nullptr;
};

} // namespace poolscope::ui
