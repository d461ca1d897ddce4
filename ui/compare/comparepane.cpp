#include "ui/compare/comparepane.h"

#include "ui/diagram/diagramview.h"
#include "ui/diagram/textfit.h"
#include "ui/run/runcontroller.h"

#include <QEvent>
#include <QLabel>
#include <QStackedLayout>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace poolscope::ui {

namespace {

QFont scaledFont(const QFont& base, double scale)
{
    QFont f = base;
    if (base.pointSizeF() > 0)
        f.setPointSizeF(base.pointSizeF() * scale);
    else
        f.setPixelSize(std::max(1, static_cast<int>(std::lround(base.pixelSize() * scale))));
    return f;
}

} // namespace

ComparePane::ComparePane(QWidget* parent)
    : QWidget(parent), m_controller(new RunController(this)), m_diagram(new DiagramView(m_controller, this))
{
    setObjectName(QStringLiteral("comparePane"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("comparePaneTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    m_serial = new QLabel(this);
    m_serial->setWordWrap(true);
    m_serial->setAlignment(Qt::AlignCenter);
    m_stack = new QStackedLayout;
    m_stack->addWidget(m_diagram);
    m_stack->addWidget(m_serial);
    layout->addLayout(m_stack, 1);
    // Resizes come in bursts (a splitter dragged, the window laid out): one fit after them.
    m_fit = new QTimer(this);
    m_fit->setSingleShot(true);
    m_fit->setInterval(0);
    connect(m_fit, &QTimer::timeout, this, &ComparePane::fitDiagram);
    m_diagram->installEventFilter(this);
}

ComparePane::~ComparePane() = default;

QString ComparePane::modeTitle(const RecordedRun& run)
{
    if (run.mode == "serial")
        return tr("Serial loop");
    if (run.mode == "process")
        return tr("ProcessPoolExecutor");
    return run.scenario.gil ? tr("ThreadPoolExecutor (GIL on)")
                            : tr("ThreadPoolExecutor (GIL off, free-threaded)");
}

QString ComparePane::differenceText(const RecordedRun& run, bool withWorkers)
{
    QStringList parts;
    for (const ScenarioDifference& d : shownDifferences(run.mode, run.differences, withWorkers)) {
        const QString value = QString::fromStdString(d.a).remove(QLatin1Char('"'));
        if (d.key == "workers")
            parts << (run.scenario.workers == 1 ? tr("1 worker")
                                                : tr("%n workers", nullptr, run.scenario.workers));
        else if (d.key == "tasks")
            parts << (run.scenario.tasks == 1
                          ? tr("1 task")
                          : tr("%n tasks", nullptr, static_cast<int>(run.scenario.tasks)));
        else if (d.key == "submit" || d.key == "workload.name")
            parts << value;
        else // a field of the scenario file, by its name: chunksize 100, extra_queued_calls 16
            parts << QStringLiteral("%1 %2").arg(QString::fromStdString(d.key), value);
    }
    return parts.join(QStringLiteral(", "));
}

QString ComparePane::sideTitle(const RecordedRun& run, bool withWorkers)
{
    const QString more = differenceText(run, withWorkers);
    return more.isEmpty() ? modeTitle(run) : tr("%1, %2").arg(modeTitle(run), more);
}

void ComparePane::describe()
{
    const int workers = m_run.mode == "serial" ? 1 : m_run.scenario.workers;
    m_title->setText((workers == 1 ? tr("%1: 1 worker, %2 s") : tr("%1: %n workers, %2 s", nullptr, workers))
                         .arg(sideTitle(m_run, false)) // the worker count follows
                         .arg(m_run.measures.wallS, 0, 'f', 3));
    m_serial->setText(
        tr("The serial loop runs the tasks one after another in the caller: no executor to draw."));
}

void ComparePane::setRun(const RecordedRun& run)
{
    m_run = run;
    // The window's font until the new run's diagram is fitted: what the view shares the width by.
    m_scale = 1;
    m_diagram->setFont(font());
    RunSpec spec = m_controller->spec();
    spec.scenario = run.scenario;
    if (run.mode == "serial")
        spec.scenario.pool = "thread"; // drawn as nothing: the label stands in for the diagram
    m_controller->loadRecording(spec, run.events, run.outcome, run.notes);
    m_stack->setCurrentWidget(run.mode == "serial" ? static_cast<QWidget*>(m_serial) : m_diagram);
    describe();
    m_fit->start();
}

int ComparePane::neededWidth(double scale, int height)
{
    const QFont shown = m_diagram->font();
    m_diagram->setFont(scaledFont(font(), scale));
    const int need = m_diagram->neededWidth(height);
    m_diagram->setFont(shown);
    return need;
}

bool ComparePane::fitPending() const
{
    return m_fit->isActive();
}

void ComparePane::fitDiagram()
{
    m_fit->stop();
    const QSizeF size = m_diagram->size();
    if (m_run.mode == "serial" || m_run.events.empty() || size.isEmpty())
        return;
    const std::int64_t shown = m_at;
    const std::int64_t span = m_run.spanNs();
    const std::array<std::int64_t, 6> times{shown, 0, span / 4, span / 2, span * 3 / 4, span};
    const QFont base = font();
    double chosen = kDiagramScales.back();
    for (const double scale : kDiagramScales) {
        m_diagram->setFont(scaledFont(base, scale));
        const bool fits = std::all_of(times.begin(), times.end(), [&](std::int64_t t) {
            showAt(t);
            return textsFit(m_diagram->textsAt(size), size);
        });
        if (fits) {
            chosen = scale;
            break;
        }
    }
    m_scale = chosen;
    m_diagram->setFont(scaledFont(base, chosen));
    showAt(shown);
}

bool ComparePane::eventFilter(QObject* watched, QEvent* e)
{
    if (watched == m_diagram && e->type() == QEvent::Resize)
        m_fit->start();
    return QWidget::eventFilter(watched, e);
}

void ComparePane::showAt(std::int64_t t)
{
    m_at = t;
    const std::int64_t at = m_run.firstSubmitNs() + std::max<std::int64_t>(0, t);
    m_controller->seek(static_cast<qint64>(m_controller->history().positionAtTime(at)));
}

void ComparePane::changeEvent(QEvent* e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange)
        describe();
    // The diagram's font is its own (fitDiagram()), taken from the pane's: a new language's texts or a
    // new font fit again.
    if (e->type() == QEvent::LanguageChange || e->type() == QEvent::FontChange)
        m_fit->start();
}

} // namespace poolscope::ui
