#include "ui/compare/comparepane.h"

#include "ui/diagram/diagramview.h"
#include "ui/run/runcontroller.h"

#include <QEvent>
#include <QLabel>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace poolscope::ui {

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
    RunSpec spec = m_controller->spec();
    spec.scenario = run.scenario;
    if (run.mode == "serial")
        spec.scenario.pool = "thread"; // drawn as nothing: the label stands in for the diagram
    m_controller->loadRecording(spec, run.events, run.outcome, run.notes);
    m_stack->setCurrentWidget(run.mode == "serial" ? static_cast<QWidget*>(m_serial) : m_diagram);
    describe();
}

void ComparePane::showAt(std::int64_t t)
{
    const std::int64_t at = m_run.firstSubmitNs() + std::max<std::int64_t>(0, t);
    m_controller->seek(static_cast<qint64>(m_controller->history().positionAtTime(at)));
}

void ComparePane::changeEvent(QEvent* e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange)
        describe();
}

} // namespace poolscope::ui
