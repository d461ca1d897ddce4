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

void ComparePane::describe()
{
    m_title->setText(
        tr("%1: %n worker(s), %2 s", nullptr, m_run.mode == "serial" ? 1 : m_run.scenario.workers)
            .arg(modeTitle(m_run))
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
