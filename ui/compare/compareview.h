#pragma once
// View ▸ Compare the pools…: the current scenario run serially, on ThreadPoolExecutor and on
// ProcessPoolExecutor, one after another so they never share the cores (CompareJob, in the
// background, with progress and Cancel), then shown side by side: each pool its own diagram folded
// from its recording, under one lockstep clock that starts at each run's own first submit, beside
// the table of measures and the sentence that states the outcome (core/run/runmeasures.h's
// compareVerdict(), in the window's language), with the overhead note when the tasks are so short
// that overhead dominates. Two run files written by `poolscope-cli compare --trace` open as a
// comparison the same way.

#include "core/run/runmeasures.h"
#include "core/run/scenario.h"
#include "ui/compare/recordedrun.h"

#include <QStringList>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace poolscope::ui {

class CompareJob;
class ComparePane;
class CompareTable;
class LockstepScrubber;
class RunController;

class CompareView : public QWidget
{
    Q_OBJECT

public:
    explicit CompareView(RunController* controller, QWidget* parent = nullptr);
    ~CompareView() override;

    // The scenario the next comparison runs (the window's current one when the view opens).
    void setScenario(const Scenario& scenario);
    const Scenario& scenario() const { return m_scenario; }
    // Runs it serially, on threads and on processes, `repeat` rounds (the median counts).
    void start(int repeat = 1);
    void cancel();
    bool running() const;
    // Two run files as a comparison (or three, one of them serial); false with `error` = "PATH: what is
    // wrong" (nothing changes).
    bool openFiles(const QStringList& paths, QString* error = nullptr);
    // Shows these runs: a pane for each pool (every run when there are two), the table of all.
    void showRuns(std::vector<RecordedRun> runs);

    const std::vector<RecordedRun>& runs() const { return m_runs; }
    const std::vector<ComparePane*>& panes() const { return m_panes; }
    LockstepScrubber* scrubber() const { return m_scrubber; }
    CompareTable* table() const { return m_table; }
    CompareJob* job() const { return m_job; }
    QString verdictText() const;
    QString overheadText() const;
    QString statusText() const;

    // The outcome sentence of core/run/runmeasures.h's verdictText() in the window's language.
    static QString verdictSentence(const CompareVerdict& v);
    // overheadNote()'s note in the window's language, "" when overhead does not dominate.
    static QString overheadSentence(const Scenario& pooled, double serialWallS, double poolWallS,
                                    unsigned cores);

    // View ▸ Compare the pools… (Ctrl+Shift+C): opens (once) the compare window on the current scenario.
    static CompareView* showFor(RunController* controller, QWidget* window);
    static void addToMenu(QMenu* view, RunController* controller, QWidget* window);

Q_SIGNALS:
    void finished(bool cancelled); // a comparison the view ran is shown (or was cancelled)

protected:
    void changeEvent(QEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

private:
    void describeScenario();
    void describeOutcome();
    void showTime(qint64 t);
    void shareRoom();

    Scenario m_scenario;
    QStringList m_files; // the two run files shown, if that is what is shown
    CompareJob* m_job;
    std::vector<RecordedRun> m_runs;
    std::vector<ComparePane*> m_panes;
    QHBoxLayout* m_panesRow;
    QSplitter* m_split;
    QLabel* m_title;
    QSpinBox* m_repeat;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    LockstepScrubber* m_scrubber;
    CompareTable* m_table;
    QLabel* m_verdict;
    QLabel* m_note;
    QLabel* m_status;
};

} // namespace poolscope::ui
