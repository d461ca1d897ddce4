#include "ui/compare/comparetable.h"

#include "ui/compare/comparepane.h"
#include "ui/panels/inspectorpanel.h"
#include "ui/run/noticetext.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QScrollBar>

#include <algorithm>

namespace poolscope::ui {

namespace {

constexpr int kRows = CompareTable::FirstStageRow + static_cast<int>(kMeasuredStages.size());

bool isGilRow(int row)
{
    const int stage = row - CompareTable::FirstStageRow;
    return stage >= 0 && stage < static_cast<int>(kMeasuredStages.size()) &&
           kMeasuredStages[static_cast<std::size_t>(stage)] == TaskStageId::GilWait;
}

Stage::Id viewStage(TaskStageId id)
{
    switch (id) {
    case TaskStageId::Queued:
        return Stage::Id::Queued;
    case TaskStageId::WaitSlot:
        return Stage::Id::WaitSlot;
    case TaskStageId::CallPipe:
        return Stage::Id::CallPipe;
    case TaskStageId::Running:
        return Stage::Id::Running;
    case TaskStageId::GilWait:
        return Stage::Id::GilWait;
    case TaskStageId::ResultPipe:
        return Stage::Id::ResultPipe;
    case TaskStageId::Resolved:
        break;
    }
    return Stage::Id::Resolved;
}

} // namespace

CompareTable::CompareTable(QWidget* parent) : QTableWidget(parent)
{
    setObjectName(QStringLiteral("compareTable"));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setWordWrap(false);
    fill();
}

std::optional<double> CompareTable::value(const RunMeasures& m, int row)
{
    switch (row) {
    case WallRow:
        return m.wallS;
    case SpeedupRow:
        return m.speedup > 0 ? std::optional(m.speedup) : std::nullopt;
    case CpuRow:
        return m.cpuUtilization;
    case PipeBytesRow:
        return m.pipeBytes >= 0 && m.mode == "process" ? std::optional(static_cast<double>(m.pipeBytes))
                                                       : std::nullopt;
    case GilShareRow:
        return m.gilOn ? std::optional(m.gilWaitShare) : std::nullopt;
    default:
        break;
    }
    const int stage = row - FirstStageRow;
    if (stage < 0 || stage >= static_cast<int>(kMeasuredStages.size()))
        return std::nullopt;
    // Most GIL waits fall between tasks (taking the next work item), so most tasks waited 0 ms and
    // the median over all of them says nothing beside the share: the tasks that waited say more.
    if (isGilRow(row))
        return m.gilOn ? m.gilWaitedMedianMs : std::nullopt;
    return m.stageMedianMs[static_cast<std::size_t>(stage)];
}

QString CompareTable::rowName(int row) const
{
    switch (row) {
    case WallRow:
        return tr("wall time");
    case SpeedupRow:
        return tr("speedup against serial");
    case CpuRow:
        return tr("CPU utilization (cores busy)");
    case PipeBytesRow:
        return tr("bytes through the pipes");
    case GilShareRow:
        return tr("GIL wait share");
    default:
        break;
    }
    const auto stage = static_cast<std::size_t>(row - FirstStageRow);
    if (isGilRow(row))
        return tr("median %1 inside a task")
            .arg(TaskStagesModel::stageName(viewStage(kMeasuredStages[stage])));
    return tr("median %1 per task").arg(TaskStagesModel::stageName(viewStage(kMeasuredStages[stage])));
}

QString CompareTable::cellText(const RunMeasures& m, int row) const
{
    const std::optional<double> v = value(m, row);
    if (isGilRow(row) && m.gilOn) {
        if (v)
            return tr("%1 (%2 of %3 tasks)")
                .arg(NoticeText::duration(*v / 1e3))
                .arg(m.gilWaitedTasks)
                .arg(m.tasks);
        // The share above counts every wait of the threads: with none inside a task's run, they all
        // fell between tasks (taking the next work item), which the share and this row then both say.
        return m.gilWaitShare > 0 ? tr("none of %1 tasks (the waits fell between tasks)").arg(m.tasks)
                                  : tr("none of %1 tasks").arg(m.tasks);
    }
    if (!v)
        return QStringLiteral("—");
    switch (row) {
    case WallRow:
        return tr("%1 s").arg(*v, 0, 'f', 3);
    case SpeedupRow:
        return tr("%1×").arg(*v, 0, 'f', 2);
    case CpuRow:
        return QString::number(*v, 'f', 2);
    case PipeBytesRow:
        return QLocale().toString(static_cast<qlonglong>(*v));
    case GilShareRow:
        return tr("%1 %").arg(*v * 100, 0, 'f', 1);
    default:
        // A stage of a noop or a short spin lasts microseconds: "0.00 ms" would hide it.
        return NoticeText::duration(*v / 1e3);
    }
}

void CompareTable::setRuns(const std::vector<RecordedRun>& runs)
{
    m_runs.clear();
    for (const RecordedRun& r : runs) {
        RecordedRun light; // the table needs no recording
        light.mode = r.mode;
        light.scenario = r.scenario;
        light.measures = r.measures;
        light.differences = r.differences;
        m_runs.push_back(std::move(light));
    }
    fill();
}

int CompareTable::markedColumn(int row) const
{
    return row >= 0 && row < static_cast<int>(m_marked.size()) ? m_marked[static_cast<std::size_t>(row)] : -1;
}

void CompareTable::fill()
{
    clear();
    setRowCount(kRows);
    setColumnCount(static_cast<int>(m_runs.size()));
    QStringList rows;
    for (int r = 0; r < kRows; ++r)
        rows << rowName(r);
    setVerticalHeaderLabels(rows);
    QStringList columns;
    for (const RecordedRun& run : m_runs) {
        // One line each: the pool, its GIL (in parentheses, or the full-width ones of Chinese), what
        // else differs.
        QString head = ComparePane::modeTitle(run)
                           .replace(QStringLiteral(" ("), QStringLiteral("\n("))
                           .replace(QStringLiteral("\uff08"), QStringLiteral("\n\uff08"));
        if (const QString more = ComparePane::differenceText(run); !more.isEmpty())
            head += QLatin1Char('\n') + more;
        columns << head;
    }
    setHorizontalHeaderLabels(columns);
    m_marked.assign(kRows, -1);
    const int n = static_cast<int>(m_runs.size());
    for (int r = 0; r < kRows; ++r) {
        for (int c = 0; c < n; ++c) {
            auto* item = new QTableWidgetItem(cellText(m_runs[static_cast<std::size_t>(c)].measures, r));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            setItem(r, c, item);
        }
        if (n < 2)
            continue;
        const auto a = value(m_runs[static_cast<std::size_t>(n - 2)].measures, r);
        const auto b = value(m_runs[static_cast<std::size_t>(n - 1)].measures, r);
        if (!a || !b || *a == *b)
            continue;
        const int larger = *a > *b ? n - 2 : n - 1;
        m_marked[static_cast<std::size_t>(r)] = larger;
        QTableWidgetItem* item = this->item(r, larger);
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
        item->setText(QStringLiteral("▲ ") + item->text());
        item->setToolTip(tr("The larger of the two pools"));
    }
}

QSize CompareTable::sizeHint() const
{
    int w = verticalHeader()->sizeHint().width() + 2 * frameWidth() + verticalScrollBar()->sizeHint().width();
    for (int c = 0; c < columnCount(); ++c) // the header's words or the widest cell (a bold ▲ one)
        w += std::max(horizontalHeader()->sectionSizeHint(c), sizeHintForColumn(c)) + showGrid();
    int h = horizontalHeader()->sizeHint().height() + 2 * frameWidth();
    for (int r = 0; r < rowCount(); ++r)
        h += verticalHeader()->sectionSizeHint(r);
    return {w, h};
}

QSize CompareTable::minimumSizeHint() const
{
    // The header and a few rows high; as wide as the columns.
    const int rows = std::min(rowCount(), 3);
    int h = horizontalHeader()->sizeHint().height() + 2 * frameWidth();
    for (int r = 0; r < rows; ++r)
        h += verticalHeader()->sectionSizeHint(r);
    return {sizeHint().width(), h};
}

void CompareTable::changeEvent(QEvent* e)
{
    QTableWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange)
        fill();
}

} // namespace poolscope::ui
