#pragma once
// View ▸ Compare the pools…: the current scenario run serially, on ThreadPoolExecutor and on
// ProcessPoolExecutor, or any other pair picked instead (the GIL on and off, extra_queued_calls 1
// and 16, chunksize 1 and 100, two worker counts, a scenario file for each side), one after another
// so they never share the cores, or the two pools at the same time with a note when CPU-bound work
// then shares them (CompareJob, in the background, with progress and Cancel), then shown side by side: each
// pool its own diagram folded from its recording, under one lockstep clock that starts at each run's own
// first submit, beside the table of measures and the sentence that states the outcome
// (core/run/runmeasures.h's compareVerdict(), in the window's language), with the overhead note when the
// tasks are so short that overhead dominates. Two run files written by `poolscope-cli compare --trace` open
// as a comparison the same way.

#include "core/run/comparison.h"
#include "core/run/runmeasures.h"
#include "core/run/scenario.h"
#include "ui/compare/jobcontrols.h"
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
class ComparePicker;
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
    // The pairs the picker offers (ui/compare/comparepicker.h): pools (the default), gil,
    // extra-queued-calls, chunksize, workers, files (a scenario file for each side).
    static QStringList pairNames();
    // Picks a pair; false for an unknown name.
    bool setPair(const QString& pair);
    QString pair() const;
    // Two scenarios as the pair (files).
    void setSides(const Scenario& a, const Scenario& b);
    // Side 0 (A) or 1 (B) from a scenario file; false with `error` = "FILE: field: what is wrong".
    bool loadSideFile(int side, const QString& path, QString* error = nullptr);
    // What start() runs: serially and both sides, in that order.
    std::vector<CompareSide> sides() const;
    // The two pools of a round at the same time (for I/O-bound work) instead of one after the other.
    void setConcurrent(bool together);
    bool concurrent() const;
    // The note shown when runs at the same time would share the cores with CPU-bound work, else "".
    QString shareNoteText() const;
    // Runs the sides, `repeat` rounds (the median counts).
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
    // ... naming the faster and the slower run so (when more than the pool differs).
    static QString verdictSentence(const CompareVerdict& v, const QString& faster, const QString& slower);
    // overheadNote()'s note in the window's language, "" when overhead does not dominate.
    static QString overheadSentence(const Scenario& pooled, double serialWallS, double poolWallS,
                                    unsigned cores);
    // busyMachineNote()'s note in the window's language, "" when the run had the cores it needed.
    static QString busySentence(const Scenario& pooled, const RunMeasures& serial, const RunMeasures& pool);

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
    void describeSharing();
    void describeOutcome();
    void showTime(qint64 t);
    void shareRoom(bool widths);

    Scenario m_scenario;
    QStringList m_files; // the two run files shown, if that is what is shown
    CompareJob* m_job;
    JobControls m_controls; // the title, Rounds, Compare, Cancel, the progress and the status below
    std::vector<RecordedRun> m_runs;
    std::vector<ComparePane*> m_panes;
    QHBoxLayout* m_panesRow;
    QSplitter* m_split;
    QLabel* m_title;
    ComparePicker* m_picker;
    QLabel* m_shareNote;
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
