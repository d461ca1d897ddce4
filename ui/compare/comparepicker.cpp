#include "ui/compare/comparepicker.h"

#include "ui/run/runsession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include <algorithm>
#include <iterator>

namespace poolscope::ui {

ComparePicker::ComparePicker(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("comparePicker"));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Compare"), this));
    m_pair = new QComboBox(this);
    m_pair->setAccessibleName(tr("Pair to compare"));
    for (const QString& name : pairNames())
        m_pair->addItem(QString(), name); // the texts follow the scenario (describe())
    row->addWidget(m_pair, 1);
    m_fileA = new QPushButton(tr("Side A from file…"), this);
    m_fileB = new QPushButton(tr("Side B from file…"), this);
    m_fileA->setToolTip(tr("Load a scenario file (JSON) for side A"));
    m_fileB->setToolTip(tr("Load a scenario file (JSON) for side B"));
    row->addWidget(m_fileA);
    row->addWidget(m_fileB);
    m_together = new QCheckBox(tr("At the same time"), this);
    m_together->setToolTip(tr("Run the two pools of a round at the same time instead of one after the "
                              "other: fair for I/O-bound work only"));
    row->addWidget(m_together);
    m_fileSides = pairScenarios(m_scenario, QStringLiteral("pools"));
    connect(m_pair, &QComboBox::currentIndexChanged, this, &ComparePicker::changed);
    connect(m_together, &QCheckBox::toggled, this, &ComparePicker::changed);
    for (QPushButton* b : {m_fileA, m_fileB})
        connect(b, &QPushButton::clicked, this, [this, side = b == m_fileA ? 0 : 1] {
            const QString path = QFileDialog::getOpenFileName(this, tr("Scenario file"), QString(),
                                                              tr("Scenario files (*.json);;All files (*)"));
            QString why;
            if (!path.isEmpty() && !loadSideFile(side, path, &why))
                Q_EMIT fileFailed(why);
        });
    describe();
}

QStringList ComparePicker::pairNames()
{
    return {QStringLiteral("pools"),     QStringLiteral("gil"),     QStringLiteral("extra-queued-calls"),
            QStringLiteral("chunksize"), QStringLiteral("workers"), QStringLiteral("files")};
}

std::pair<Scenario, Scenario> ComparePicker::pairScenarios(const Scenario& scenario, const QString& pair)
{
    // files: the default pair's, until a file is loaded
    return comparePair(scenario, pair == QLatin1String("files") ? std::string("pools") : pair.toStdString(),
                       RunSpec::kMaxWorkers);
}

std::pair<RecordedRun, RecordedRun> ComparePicker::labelledSides(const Scenario& a, const Scenario& b)
{
    std::pair<RecordedRun, RecordedRun> runs;
    runs.first.mode = a.pool;
    runs.first.scenario = a;
    runs.second.mode = b.pool;
    runs.second.scenario = b;
    setDifferences(runs.first, runs.second);
    return runs;
}

void ComparePicker::setScenario(const Scenario& scenario)
{
    m_scenario = scenario;
    describe();
    Q_EMIT changed();
}

QString ComparePicker::pair() const
{
    return m_pair->currentData().toString();
}

bool ComparePicker::setPair(const QString& pair)
{
    const int at = m_pair->findData(pair);
    if (at < 0)
        return false;
    if (at == m_pair->currentIndex())
        Q_EMIT changed(); // the files pair's sides may be new
    m_pair->setCurrentIndex(at);
    return true;
}

void ComparePicker::setSides(const Scenario& a, const Scenario& b)
{
    m_fileSides = {a, b};
    setPair(QStringLiteral("files"));
}

bool ComparePicker::loadSideFile(int side, const QString& path, QString* error)
{
    try {
        Scenario s = loadScenarioFile(path.toStdString());
        std::pair<Scenario, Scenario> sides = currentPair(); // the other side stays what it was
        (side == 0 ? sides.first : sides.second) = std::move(s);
        setSides(sides.first, sides.second);
        return true;
    } catch (const std::exception& e) { // ScenarioError: "FILE: scenario.FIELD: what is wrong"
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

std::pair<Scenario, Scenario> ComparePicker::currentPair() const
{
    return pair() == QLatin1String("files") ? m_fileSides : pairScenarios(m_scenario, pair());
}

std::vector<CompareSide> ComparePicker::sides() const
{
    if (pair() == QLatin1String("pools"))
        return modeSides(m_scenario, {"serial", "thread", "process"});
    const auto [a, b] = currentPair();
    return pairSides(a, b);
}

void ComparePicker::setConcurrent(bool together)
{
    m_together->setChecked(together);
}

bool ComparePicker::concurrent() const
{
    return m_together->isChecked();
}

void ComparePicker::describe()
{
    // The choices name this scenario's values.
    const auto [wa, wb] = pairScenarios(m_scenario, QStringLiteral("workers"));
    const QString texts[] = {tr("ThreadPoolExecutor against ProcessPoolExecutor"),
                             tr("The GIL on against off (threads)"),
                             tr("extra_queued_calls 1 against 16 (processes)"),
                             tr("map() chunksize 1 against 100 (processes)"),
                             tr("%1 against %2 workers (%3)")
                                 .arg(wa.workers)
                                 .arg(wb.workers)
                                 .arg(wa.pool == "process" ? tr("processes") : tr("threads")),
                             tr("Side A against side B (scenario files)")};
    for (int i = 0; i < m_pair->count() && i < static_cast<int>(std::size(texts)); ++i)
        m_pair->setItemText(i, texts[i]);
}

void ComparePicker::changeEvent(QEvent* e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange)
        describe();
}

} // namespace poolscope::ui
