#include "ui/compare/compareview.h"

#include "ui/compare/toolwindow.h"

#include "core/run/overheadnote.h"
#include "ui/compare/comparejob.h"
#include "ui/compare/comparepane.h"
#include "ui/compare/comparetable.h"
#include "ui/compare/lockstepscrubber.h"
#include "ui/diagram/diagramview.h"
#include "ui/run/runcontroller.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <thread>

namespace poolscope::ui {

namespace {

unsigned cores()
{
    return std::max(1U, std::thread::hardware_concurrency());
}

// core/run/runmeasures.cpp's modeTitle(), in the window's language.
QString modeName(const std::string& mode, bool capital)
{
    if (mode == "process")
        return QStringLiteral("ProcessPoolExecutor");
    if (mode.rfind("thread", 0) == 0)
        return QStringLiteral("ThreadPoolExecutor");
    return capital ? CompareView::tr("The serial loop") : CompareView::tr("the serial loop");
}

// overheadnote.cpp's figures: two significant digits or so.
QString ms(double v)
{
    return QString::number(v, 'f', v >= 10 ? 0 : v >= 1 ? 1 : 2);
}

} // namespace

CompareView::CompareView(RunController* controller, QWidget* parent)
    : QWidget(parent), m_scenario(controller->spec().scenario), m_job(new CompareJob(this))
{
    setObjectName(QStringLiteral("compareView"));
    setWindowTitle(tr("Compare the pools"));
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Rounds"), this));
    m_repeat = new QSpinBox(this);
    m_repeat->setRange(1, 9);
    m_repeat->setValue(1);
    m_repeat->setToolTip(
        tr("Each run shown is the median of this many rounds (the machine is shared and noisy)"));
    m_repeat->setAccessibleName(tr("Rounds"));
    bar->addWidget(m_repeat);
    m_run = new QPushButton(tr("Compare"), this);
    m_run->setToolTip(tr("Run the scenario serially, on threads and on processes, one after another"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_progress, 1);
    layout->addLayout(bar);

    // The panes and their one clock above, the numbers and the outcome below: a splitter, so the
    // diagrams can take the room when the table is not what is being read.
    auto* split = new QSplitter(Qt::Vertical, this);
    m_split = split;
    auto* top = new QWidget(split);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto* panesRow = new QHBoxLayout;
    m_panesRow = panesRow;
    for (int i = 0; i < 2; ++i) {
        m_panes.push_back(new ComparePane(top));
        panesRow->addWidget(m_panes.back(), 1);
    }
    topLayout->addLayout(panesRow, 1);
    m_scrubber = new LockstepScrubber(top);
    topLayout->addWidget(m_scrubber);
    auto* bottom = new QWidget(split);
    auto* bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_table = new CompareTable(bottom);
    // The table as wide as its columns, the words the rest.
    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    bottomLayout->addWidget(m_table, 0);
    auto* words = new QVBoxLayout;
    m_verdict = new QLabel(bottom);
    m_verdict->setObjectName(QStringLiteral("compareVerdict"));
    m_verdict->setWordWrap(true);
    QFont big = m_verdict->font();
    big.setBold(true);
    m_verdict->setFont(big);
    m_note = new QLabel(bottom);
    m_note->setObjectName(QStringLiteral("compareOverheadNote"));
    m_note->setWordWrap(true);
    words->addWidget(m_verdict);
    words->addWidget(m_note);
    words->addStretch(1);
    bottomLayout->addLayout(words, 1);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_run, &QPushButton::clicked, this, [this] { start(m_repeat->value()); });
    connect(m_cancel, &QPushButton::clicked, this, &CompareView::cancel);
    connect(m_scrubber, &LockstepScrubber::timeChanged, this, &CompareView::showTime);
    connect(m_job, &CompareJob::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_status->setText(tr("Comparing: run %1 of %2, one after another so the runs never share the cores")
                              .arg(done)
                              .arg(total));
    });
    connect(m_job, &CompareJob::failed, this, [this](const QString& why) { m_status->setText(why); });
    connect(m_job, &CompareJob::finished, this, [this](bool cancelled) {
        m_run->setEnabled(true);
        m_cancel->setEnabled(false);
        const CompareResult& r = m_job->result();
        const bool complete =
            !cancelled && std::all_of(r.modes.begin(), r.modes.end(), [](const ModeResult& m) {
                return !m.runs.empty() && m.events.size() > m.medianRun;
            });
        if (!complete) {
            if (cancelled && !m_job->result().modes.empty())
                m_status->setText(tr("Cancelled: the runs under way finished, nothing is left running"));
            Q_EMIT finished(true);
            return;
        }
        std::vector<RecordedRun> runs;
        for (const ModeResult& m : r.modes)
            runs.push_back(RecordedRun::fromComparison(m_job->scenario(), m));
        showRuns(std::move(runs));
        m_status->setText(
            tr("Serial took %1 s. Each run is the median of %n round(s); the clock starts at each "
               "run's own first submit.",
               nullptr, m_job->repeat())
                .arg(m_runs.front().measures.wallS, 0, 'f', 3));
        Q_EMIT finished(false);
    });
    describeScenario();
    describeOutcome();
}

CompareView::~CompareView() = default;

void CompareView::setScenario(const Scenario& scenario)
{
    if (m_job->running())
        m_job->cancel();
    m_scenario = scenario;
    m_files.clear();
    describeScenario();
}

void CompareView::describeScenario()
{
    if (!m_files.isEmpty()) {
        m_title->setText(tr("Recorded runs: %1").arg(m_files.join(QStringLiteral(", "))));
        return;
    }
    const WorkloadSpec& w = m_scenario.workload;
    m_title->setText(tr("%1: %2 × %3 tasks, %4 workers, %5; %6 cores. Serially, on threads (GIL %7) and on "
                        "processes, one run after another.")
                         .arg(QString::fromStdString(m_scenario.name), QString::fromStdString(w.name))
                         .arg(m_scenario.tasks)
                         .arg(m_scenario.workers)
                         .arg(QString::fromStdString(m_scenario.submit))
                         .arg(cores())
                         .arg(m_scenario.gil ? tr("on") : tr("off")));
}

void CompareView::start(int repeat)
{
    m_repeat->setValue(std::clamp(repeat, 1, 9));
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, 3 * m_repeat->value());
    m_progress->setValue(0);
    m_status->setText(tr("Comparing…"));
    m_files.clear();
    describeScenario();
    m_job->start(m_scenario, m_repeat->value());
}

void CompareView::cancel()
{
    if (!m_job->running())
        return;
    m_job->cancel();
    m_status->setText(tr("Cancelling: the run under way finishes first"));
}

bool CompareView::running() const
{
    return m_job->running();
}

bool CompareView::openFiles(const QStringList& paths, QString* error)
{
    QString why;
    std::vector<RecordedRun> runs;
    if (paths.size() != 2 && paths.size() != 3)
        why = tr("--compare: give two run files (A.pstrace B.pstrace), or three with the serial one, got %1")
                  .arg(paths.size());
    for (const QString& p : paths) {
        if (!why.isEmpty())
            break;
        try {
            runs.push_back(RecordedRun::fromFile(p.toStdString()));
        } catch (const std::exception& e) {
            why = QString::fromStdString(e.what());
        }
    }
    if (why.isEmpty() && runs.size() == 3 &&
        std::count_if(runs.begin(), runs.end(), [](const RecordedRun& r) { return r.mode == "serial"; }) != 1)
        why = tr(
            "--compare: of three run files one must be the serial run (PREFIX-serial.pstrace), got none or "
            "more");
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        m_status->setText(why);
        return false;
    }
    if (m_job->running())
        m_job->cancel();
    setSpeedups(runs);
    m_scenario = runs.front().scenario;
    m_files = paths;
    describeScenario();
    showRuns(std::move(runs));
    m_status->setText(tr("Replay only: Compare runs the first file's scenario again"));
    return true;
}

void CompareView::showRuns(std::vector<RecordedRun> runs)
{
    m_runs = std::move(runs);
    // A pane for each pool; with only two runs (two files), one for each.
    std::vector<const RecordedRun*> shown;
    for (const RecordedRun& r : m_runs)
        if (m_runs.size() <= m_panes.size() || r.mode != "serial")
            shown.push_back(&r);
    std::int64_t longest = 0;
    std::int64_t shortest = -1;
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        m_panes[i]->setVisible(i < shown.size());
        if (i >= shown.size())
            continue;
        m_panes[i]->setRun(*shown[i]);
        if (shown[i]->mode == "serial")
            continue; // nothing to replay: no clock of its own
        longest = std::max(longest, shown[i]->spanNs());
        shortest = shortest < 0 ? shown[i]->spanNs() : std::min(shortest, shown[i]->spanNs());
    }
    m_table->setRuns(m_runs);
    shareRoom();
    m_scrubber->pause();
    m_scrubber->setSpan(longest);
    // Where the faster run has just finished and the slower is still at work: the difference to see.
    m_scrubber->setTime(std::max<std::int64_t>(0, shortest));
    showTime(m_scrubber->time());
    describeOutcome();
}

void CompareView::showTime(qint64 t)
{
    for (ComparePane* p : m_panes)
        if (p->isVisibleTo(this))
            p->showAt(t);
}

void CompareView::shareRoom()
{
    // The table whole when it fits in half the height, the diagrams the rest; the process diagram
    // needs more width than the thread one, so each pane gets a share of what its diagram needs.
    const int total = m_split->height();
    const int table = std::min(m_table->sizeHint().height() + 4, total / 2);
    m_split->setSizes({total - table, table});
    const int height = std::max(200, total - table - m_scrubber->sizeHint().height());
    for (int i = 0; i < static_cast<int>(m_panes.size()); ++i) {
        ComparePane* p = m_panes[static_cast<std::size_t>(i)];
        m_panesRow->setStretch(i, p->isVisibleTo(this) ? std::max(1, p->diagram()->neededWidth(height)) : 0);
    }
}

void CompareView::resizeEvent(QResizeEvent* e)
{
    QWidget::resizeEvent(e);
    shareRoom();
}

QString CompareView::verdictSentence(const CompareVerdict& v)
{
    const QString workload = QString::fromStdString(v.workload);
    QString text = v.tie ? tr("%1 finished %2 %3 tasks about as fast as %4 (%5x)")
                               .arg(modeName(v.faster.mode, true))
                               .arg(v.faster.tasks)
                               .arg(workload, modeName(v.slower.mode, false))
                               .arg(v.ratio, 0, 'f', 2)
                         : tr("%1 finished %2 %3 tasks %4x faster than %5")
                               .arg(modeName(v.faster.mode, true))
                               .arg(v.faster.tasks)
                               .arg(workload)
                               .arg(v.ratio, 0, 'f', 1)
                               .arg(modeName(v.slower.mode, false));
    const RunMeasures& s = v.slower;
    switch (v.reason) {
    case VerdictReason::GilTurns: {
        const RunMeasures& g = v.slower.gilOn ? v.slower : v.faster;
        text += tr(": under the GIL, the threads took turns (they waited for it %1% of the time)")
                    .arg(g.gilWaitShare * 100, 0, 'f', 0);
        break;
    }
    case VerdictReason::IoOverlap:
        text += tr(": the threads overlapped their waits for I/O");
        break;
    case VerdictReason::Overhead:
        text +=
            tr(": the tasks are so short that overhead dominates (%1 ms of overhead per task against %2 ms "
               "of work)")
                .arg(s.overheadPerTaskMs, 0, 'f', 2)
                .arg(s.completed > 0 ? s.runningTotalS * 1e3 / static_cast<double>(s.completed) : 0.0, 0, 'f',
                     2);
        break;
    case VerdictReason::Parallel:
        text += tr(": the processes kept %1 cores busy").arg(v.faster.cpuUtilization, 0, 'f', 1);
        break;
    case VerdictReason::None:
        break;
    }
    return text + tr(".");
}

QString CompareView::overheadSentence(const Scenario& pooled, double serialWallS, double poolWallS,
                                      unsigned cores)
{
    // The same rule and figures as core/run/overheadnote.cpp, whose English text is the CLI's.
    if (overheadNote(pooled, serialWallS, poolWallS, cores).empty())
        return {};
    const OverheadEstimate e = estimateOverhead(pooled, serialWallS, poolWallS, cores);
    const QString pool = pooled.pool == "process" ? tr("process pool") : tr("thread pool");
    if (e.overheadMsPerTask > e.workMsPerTask)
        return tr("(%1 overhead ~%2 ms/task outweighs %3 ms of work a task: start-up, queues and results "
                  "cost "
                  "more than the tasks; longer tasks (workload target_ms) or map() with a chunksize amortize "
                  "it)")
            .arg(pool, ms(e.overheadMsPerTask), ms(e.workMsPerTask));
    return tr("(%1 overhead ~%2 ms/task is close to %3 ms of work a task: start-up, queues and results cost "
              "nearly as much as the tasks; longer tasks (workload target_ms) or map() with a chunksize "
              "amortize "
              "it)")
        .arg(pool, ms(e.overheadMsPerTask), ms(e.workMsPerTask));
}

void CompareView::describeOutcome()
{
    std::vector<const RecordedRun*> pools;
    const RecordedRun* serial = nullptr;
    for (const RecordedRun& r : m_runs) {
        if (r.mode == "serial" && m_runs.size() > 2)
            serial = &r;
        else
            pools.push_back(&r);
    }
    if (pools.size() < 2) {
        m_verdict->setText(tr("Compare runs the scenario serially, on threads and on processes; the outcome "
                              "shows here."));
        m_note->clear();
        return;
    }
    const RecordedRun& a = *pools[pools.size() - 2];
    const RecordedRun& b = *pools.back();
    m_verdict->setText(verdictSentence(compareVerdict(a.measures, b.measures, a.scenario.workload.name)));
    if (!serial && a.mode == "serial")
        serial = &a;
    QStringList notes;
    if (serial)
        for (const RecordedRun* r : {&a, &b})
            if (r != serial)
                if (const QString n =
                        overheadSentence(r->scenario, serial->measures.wallS, r->measures.wallS, cores());
                    !n.isEmpty())
                    notes << n;
    m_note->setText(notes.join(QLatin1Char('\n')));
}

QString CompareView::verdictText() const
{
    return m_verdict->text();
}

QString CompareView::overheadText() const
{
    return m_note->text();
}

QString CompareView::statusText() const
{
    return m_status->text();
}

void CompareView::changeEvent(QEvent* e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) {
        describeScenario();
        describeOutcome();
    }
}

CompareView* CompareView::showFor(RunController* controller, QWidget* window)
{
    return showToolWindow<CompareView>(controller, window, QStringLiteral("compareView"), QSize(1200, 760));
}

void CompareView::addToMenu(QMenu* view, RunController* controller, QWidget* window)
{
    QAction* a = view->addAction(tr("Compare the pools…"));
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    a->setToolTip(tr("The scenario serially, on threads and on processes, side by side on one clock"));
    connect(a, &QAction::triggered, window, [controller, window] { showFor(controller, window); });
}

} // namespace poolscope::ui
