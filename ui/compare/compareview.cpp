#include "ui/compare/compareview.h"

#include "ui/compare/toolwindow.h"

#include "core/run/overheadnote.h"
#include "ui/compare/comparejob.h"
#include "ui/compare/comparepane.h"
#include "ui/compare/comparepicker.h"
#include "ui/compare/comparetable.h"
#include "ui/compare/jobcontrols.h"
#include "ui/compare/lockstepscrubber.h"
#include "ui/diagram/diagramview.h"
#include "ui/run/noticetext.h"
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
#include <cmath>
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

// overheadnote.cpp's figures, given in ms, in its units (durationText()'s rule), in the window's language.
QString ms(double v)
{
    return NoticeText::duration(v / 1e3);
}

} // namespace

CompareView::CompareView(RunController* controller, QWidget* parent)
    : QWidget(parent), m_scenario(controller->spec().scenario), m_job(new CompareJob(this))
{
    setObjectName(QStringLiteral("compareView"));
    setWindowTitle(tr("Compare the pools"));
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    const JobControls controls = JobControls::make(
        this, m_job, bar, tr("Rounds"),
        tr("Each run shown is the median of this many rounds (the machine is shared and noisy)"),
        tr("Compare"));
    m_title = controls.title;
    m_repeat = controls.repeat;
    m_run = controls.run;
    m_cancel = controls.cancel;
    m_progress = controls.progress;
    m_status = controls.status;
    m_controls = controls;
    layout->addWidget(m_title);

    m_picker = new ComparePicker(this);
    m_picker->setScenario(m_scenario);
    layout->addWidget(m_picker);
    m_shareNote = new QLabel(this);
    m_shareNote->setObjectName(QStringLiteral("compareShareNote"));
    m_shareNote->setWordWrap(true);
    m_shareNote->setStyleSheet(QStringLiteral("QLabel { color: #b35900; font-weight: bold; }"));
    m_shareNote->hide();
    m_run->setToolTip(tr("Run the serial loop and the two sides, one after another"));
    layout->addLayout(bar);
    layout->addWidget(m_shareNote);

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
    layout->addWidget(m_status);

    connect(m_run, &QPushButton::clicked, this, [this] { start(m_repeat->value()); });
    connect(m_picker, &ComparePicker::changed, this, [this] {
        m_files.clear();
        describeScenario();
    });
    connect(m_picker, &ComparePicker::fileFailed, m_status, &QLabel::setText);
    connect(m_cancel, &QPushButton::clicked, this, &CompareView::cancel);
    connect(m_scrubber, &LockstepScrubber::timeChanged, this, &CompareView::showTime);
    connect(m_job, &CompareJob::progress, this, [this](int done, int total) {
        m_status->setText((m_job->concurrent()
                               ? tr("Comparing: run %1 of %2, the two pools at the same time")
                               : tr("Comparing: run %1 of %2, one after another so the runs never share the "
                                    "cores"))
                              .arg(done)
                              .arg(total));
    });
    connect(m_job, &CompareJob::finished, this, [this](bool cancelled) {
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
            runs.push_back(RecordedRun::fromComparison(m));
        showRuns(std::move(runs));
        m_status->setText(
            (m_job->repeat() == 1
                 ? tr("Serial took %1 s. One round; the clock starts at each run's own first submit.")
                 : tr("Serial took %1 s. Each run is the median of %n rounds; the clock starts at each "
                      "run's own first submit.",
                      nullptr, m_job->repeat()))
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
    m_picker->setScenario(scenario); // describes it
}

QStringList CompareView::pairNames()
{
    return ComparePicker::pairNames();
}

QString CompareView::pair() const
{
    return m_picker->pair();
}

bool CompareView::setPair(const QString& pair)
{
    return m_picker->setPair(pair);
}

void CompareView::setSides(const Scenario& a, const Scenario& b)
{
    m_picker->setSides(a, b);
}

bool CompareView::loadSideFile(int side, const QString& path, QString* error)
{
    QString why;
    if (m_picker->loadSideFile(side, path, &why))
        return true;
    if (error)
        *error = why;
    m_status->setText(why);
    return false;
}

std::vector<CompareSide> CompareView::sides() const
{
    return m_picker->sides();
}

void CompareView::setConcurrent(bool together)
{
    m_picker->setConcurrent(together);
}

bool CompareView::concurrent() const
{
    return m_picker->concurrent();
}

QString CompareView::shareNoteText() const
{
    return m_shareNote->isHidden() ? QString() : m_shareNote->text();
}

void CompareView::describeSharing()
{
    // Runs at the same time on CPU-bound work each get part of the cores: the walls then measure the
    // machine's sharing, not the pools.
    if (sharesCores(sides(), concurrent())) {
        m_shareNote->setText(
            cores() == 1
                ? tr("At the same time, the two pools share the one core: with CPU-bound work each runs "
                     "slower than it would alone, so the speedups understate both. Clear “At the same "
                     "time” to measure them.")
                : tr("At the same time, the two pools share the %n cores: with CPU-bound work each runs "
                     "slower than it would alone, so the speedups understate both. Clear “At the same "
                     "time” to measure them.",
                     nullptr, static_cast<int>(cores())));
        m_shareNote->show();
    } else {
        m_shareNote->clear();
        m_shareNote->hide();
    }
}

void CompareView::describeScenario()
{
    describeSharing();
    if (!m_files.isEmpty()) {
        m_title->setText(tr("Recorded runs: %1").arg(m_files.join(QStringLiteral(", "))));
        return;
    }
    const QString how = concurrent() ? tr("the two pools at the same time, after the serial run")
                                     : tr("one run after another");
    const WorkloadSpec& w = m_scenario.workload;
    if (pair() == QLatin1String("pools")) {
        m_title->setText(tr("%1: %2 × %3 tasks, %4 workers, %5; %6 cores. Serially, on threads (GIL %7) and "
                            "on processes, %8.")
                             .arg(QString::fromStdString(m_scenario.name), QString::fromStdString(w.name))
                             .arg(m_scenario.tasks)
                             .arg(m_scenario.workers)
                             .arg(QString::fromStdString(m_scenario.submit))
                             .arg(cores())
                             .arg(m_scenario.gil ? tr("on") : tr("off"), how));
        return;
    }
    const auto [a, b] = m_picker->currentPair();
    const auto [la, lb] = ComparePicker::labelledSides(a, b);
    m_title->setText(tr("A: %1 × %2 tasks on %3. B: %4 × %5 tasks on %6. %7 cores; %8.")
                         .arg(QString::fromStdString(a.workload.name))
                         .arg(a.tasks)
                         .arg(ComparePane::sideTitle(la), QString::fromStdString(b.workload.name))
                         .arg(b.tasks)
                         .arg(ComparePane::sideTitle(lb))
                         .arg(cores())
                         .arg(how));
}

void CompareView::start(int repeat)
{
    m_repeat->setValue(std::clamp(repeat, 1, 9));
    const std::vector<CompareSide> runs = sides();
    m_controls.started(static_cast<int>(runs.size()) * m_repeat->value(), tr("Comparing…"));
    m_files.clear();
    describeScenario();
    m_job->start(runs, m_repeat->value(), concurrent());
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
    // The serial run first, where a comparison run here has it, whatever the files' order: the table
    // marks the larger of its last two columns, which must be the pools.
    if (runs.size() == 3)
        std::stable_partition(runs.begin(), runs.end(),
                              [](const RecordedRun& r) { return r.mode == "serial"; });
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
    std::vector<RecordedRun*> shown;
    for (RecordedRun& r : m_runs)
        if (m_runs.size() <= m_panes.size() || r.mode != "serial")
            shown.push_back(&r);
    if (shown.size() == 2)
        setDifferences(*shown[0], *shown[1]);
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
    shareRoom(true);
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

void CompareView::shareRoom(bool widths)
{
    // The table whole when it fits in half the height, the diagrams the rest.
    const int total = m_split->height();
    const int table = std::min(m_table->sizeHint().height() + 4, total / 2);
    m_split->setSizes({total - table, table});
    if (!widths)
        return;
    // The process diagram needs more width than the thread one, so each pane gets a share of what its
    // diagram needs, in the largest font at which both needs fit the row (on half a classroom screen
    // the window's font does not): once a run is shown, the panes then fit their fonts to their share.
    const int height = std::max(200, total - table - m_scrubber->sizeHint().height());
    const int room = m_panesRow->geometry().width() > 0 ? m_panesRow->geometry().width() : width();
    std::vector<int> needs(m_panes.size(), 0);
    for (const double scale : ComparePane::kDiagramScales) {
        int sum = m_panesRow->spacing();
        for (std::size_t i = 0; i < m_panes.size(); ++i) {
            needs[i] =
                m_panes[i]->isVisibleTo(this) ? std::max(1, m_panes[i]->neededWidth(scale, height)) : 0;
            sum += needs[i];
        }
        if (sum <= room)
            break;
    }
    for (std::size_t i = 0; i < m_panes.size(); ++i)
        m_panesRow->setStretch(static_cast<int>(i), needs[i]);
}

void CompareView::resizeEvent(QResizeEvent* e)
{
    QWidget::resizeEvent(e);
    shareRoom(false);
}

QString CompareView::verdictSentence(const CompareVerdict& v)
{
    return verdictSentence(v, modeName(v.faster.mode, true), modeName(v.slower.mode, false));
}

QString CompareView::verdictSentence(const CompareVerdict& v, const QString& faster, const QString& slower)
{
    const QString workload = QString::fromStdString(v.workload);
    QString text = v.tie ? tr("%1 finished %2 %3 tasks about as fast as %4 (%5x)")
                               .arg(faster)
                               .arg(v.faster.tasks)
                               .arg(workload, slower)
                               .arg(v.ratio, 0, 'f', 2)
                         : tr("%1 finished %2 %3 tasks %4x faster than %5")
                               .arg(faster)
                               .arg(v.faster.tasks)
                               .arg(workload)
                               .arg(v.ratio, 0, 'f', 1)
                               .arg(slower);
    if (v.busy)
        return text + tr(", but other programs were using the cores, so this run does not tell which is "
                         "faster: compare again when the machine is idle.");
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
            tr(": the tasks are so short that overhead dominates (%1 of overhead per task against %2 of "
               "work)")
                .arg(ms(s.overheadPerTaskMs),
                     ms(s.completed > 0 ? s.runningTotalS * 1e3 / static_cast<double>(s.completed) : 0.0));
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
        return tr("(%1 overhead ~%2/task outweighs %3 of work a task: start-up, queues and results "
                  "cost "
                  "more than the tasks; longer tasks (workload target_ms) or map() with a chunksize amortize "
                  "it)")
            .arg(pool, ms(e.overheadMsPerTask), ms(e.workMsPerTask));
    return tr("(%1 overhead ~%2/task is close to %3 of work a task: start-up, queues and results cost "
              "nearly as much as the tasks; longer tasks (workload target_ms) or map() with a chunksize "
              "amortize "
              "it)")
        .arg(pool, ms(e.overheadMsPerTask), ms(e.workMsPerTask));
}

QString CompareView::busySentence(const Scenario& pooled, const RunMeasures& serial, const RunMeasures& pool)
{
    // The same rule and figures as core/run/overheadnote.cpp's busyMachineNote(), the CLI's text.
    const BusyMachine b = busyMachine(pooled, serial, pool);
    if (!b.busy)
        return {};
    return tr("(other programs were using the cores: the serial loop kept %1 of a core busy, the %2's tasks "
              "had the CPU %3% of the time they ran; these times are the machine's, not the pools': compare "
              "again when it is idle)")
        .arg(QString::number(b.serialCores, 'f', 2),
             pooled.pool == "process" ? tr("process pool") : tr("thread pool"),
             QString::number(std::lround(b.taskCpuShare * 100)));
}

void CompareView::describeOutcome()
{
    std::vector<const RecordedRun*> pools;
    std::vector<const RecordedRun*> serials;
    for (const RecordedRun& r : m_runs) {
        if (r.mode == "serial" && m_runs.size() > 2)
            serials.push_back(&r);
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
    CompareVerdict v = compareVerdict(a.measures, b.measures, a.scenario.workload.name);
    // The pools' names say it all when only the pool differs; otherwise each side by what differs.
    const bool byPool = a.mode != b.mode && ComparePane::differenceText(a).isEmpty() &&
                        ComparePane::differenceText(b).isEmpty();
    if (serials.empty() && a.mode == "serial")
        serials.push_back(&a);
    // Pools that shared the cores on purpose (At the same time) have the sharing note above instead.
    std::vector<CompareSide> ran;
    for (const RecordedRun& r : m_runs)
        ran.push_back({r.mode, r.scenario});
    const bool shared = m_files.isEmpty() && sharesCores(ran, m_job->result().concurrent);
    QStringList notes;
    for (const RecordedRun* r : {&a, &b}) {
        const auto serial = std::find_if(serials.begin(), serials.end(), [r](const RecordedRun* s) {
            return s != r && sameWork(s->scenario, r->scenario);
        });
        if (shared || serial == serials.end() || r->mode == "serial")
            continue;
        // Other programs on the cores first: the overhead it would state is then the wait for them.
        QString n = busySentence(r->scenario, (*serial)->measures, r->measures);
        v.busy = v.busy || !n.isEmpty();
        if (n.isEmpty())
            n = overheadSentence(r->scenario, (*serial)->measures.wallS, r->measures.wallS, cores());
        // Both sides may be the same pool (the GIL on and off): the note then names its side.
        if (!n.isEmpty())
            notes << (byPool ? n : tr("%1: %2").arg(ComparePane::sideTitle(*r), n));
    }
    m_note->setText(notes.join(QLatin1Char('\n')));
    if (byPool)
        m_verdict->setText(verdictSentence(v));
    else
        m_verdict->setText(verdictSentence(v, ComparePane::sideTitle(v.firstFaster ? a : b),
                                           ComparePane::sideTitle(v.firstFaster ? b : a)));
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
