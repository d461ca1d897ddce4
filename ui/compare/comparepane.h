#pragma once
// One run in the compare view: a title (which pool, its wall time) over the run's own diagram, the
// scene folded from its recording by a RunController of its own (replay only: nothing runs). The
// view moves every pane to the same time after each run's own first submit (showAt()). Two diagrams
// side by side get half a classroom screen each: the pane draws its diagram in the largest font, down
// to 60% of the window's, at which every text of the run is whole and apart (fitDiagram()).

#include "ui/compare/recordedrun.h"

#include <QWidget>

#include <array>

class QLabel;
class QStackedLayout;
class QTimer;

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
    // The largest of kDiagramScales at which the diagram draws every text whole, inside and over no
    // other, at its size, in the scenes at the start, a quarter, half, three quarters and the end of
    // the run and at the time shown (the smallest when none fits): one font while the clock moves.
    // Runs on its own (coalesced) after a resize, a new run or a font change.
    void fitDiagram();
    bool fitPending() const;
    // The least width at which the diagram draws the scene shown whole at `height`, in the pane's font
    // times `scale` (DiagramView::neededWidth()).
    int neededWidth(double scale, int height);
    // The diagram's font against the pane's (1 until fitted).
    double diagramScale() const { return m_scale; }
    static constexpr std::array<double, 5> kDiagramScales{1.0, 0.9, 0.8, 0.7, 0.6};

    // "ThreadPoolExecutor (GIL on)", ... in the window's language.
    static QString modeTitle(const RecordedRun& run);
    // What differs from the run it is compared with, besides the pool ("extra_queued_calls 16",
    // "8 workers"), "" when nothing else does.
    static QString differenceText(const RecordedRun& run, bool withWorkers = true);
    // modeTitle(), then differenceText() when there is one: "ProcessPoolExecutor, chunksize 100".
    static QString sideTitle(const RecordedRun& run, bool withWorkers = true);

protected:
    void changeEvent(QEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void describe();

    RecordedRun m_run;
    RunController* m_controller;
    DiagramView* m_diagram;
    QLabel* m_title;
    QLabel* m_serial; // instead of the diagram: the serial loop has no executor to draw
    QStackedLayout* m_stack;
    QTimer* m_fit;
    std::int64_t m_at = 0; // the time shown (showAt())
    double m_scale = 1;
};

} // namespace poolscope::ui
