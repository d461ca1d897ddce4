#pragma once
// One run in the compare view: a title (which pool, its wall time) over the run's own diagram, the
// scene folded from its recording by a RunController of its own (replay only: nothing runs). The
// view moves every pane to the same time after each run's own first submit (showAt()).

#include "ui/compare/recordedrun.h"

#include <QWidget>

class QLabel;
class QStackedLayout;

namespace poolscope::ui {

class DiagramView;
class RunController;

class ComparePane : public QWidget
{
    Q_OBJECT

public:
    explicit ComparePane(QWidget* parent = nullptr);
    ~ComparePane() override;

    void setRun(const RecordedRun& run);
    // The scene as it stood `t` ns after the run's first submit (the end once t is past its span).
    void showAt(std::int64_t t);
    const RecordedRun& run() const { return m_run; }
    RunController* controller() const { return m_controller; }
    DiagramView* diagram() const { return m_diagram; }
    // "ThreadPoolExecutor (GIL on)", ... in the window's language.
    static QString modeTitle(const RecordedRun& run);
    // What differs from the run it is compared with, besides the pool ("extra_queued_calls 16",
    // "8 workers"), "" when nothing else does.
    static QString differenceText(const RecordedRun& run, bool withWorkers = true);
    // modeTitle(), then differenceText() when there is one: "ProcessPoolExecutor, chunksize 100".
    static QString sideTitle(const RecordedRun& run, bool withWorkers = true);

protected:
    void changeEvent(QEvent* e) override;

private:
    void describe();

    RecordedRun m_run;
    RunController* m_controller;
    DiagramView* m_diagram;
    QLabel* m_title;
    QLabel* m_serial; // instead of the diagram: the serial loop has no executor to draw
    QStackedLayout* m_stack;
};

} // namespace poolscope::ui
