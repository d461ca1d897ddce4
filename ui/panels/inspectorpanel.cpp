#include "ui/panels/inspectorpanel.h"

#include "ui/model/scenestate.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace poolscope::ui {

namespace {
QString msText(std::int64_t ns)
{
    return QString::number(static_cast<double>(ns) / 1e6, 'f', 3);
}
} // namespace

TaskStagesModel::TaskStagesModel(const SceneState* scene, QObject* parent)
    : QAbstractTableModel(parent), m_scene(scene)
{
}

int TaskStagesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_stages.size());
}

int TaskStagesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TaskStagesModel::stageName(Stage::Id id)
{
    switch (id) {
    case Stage::Id::Queued:
        return tr("queued");
    case Stage::Id::WaitSlot:
        return tr("waiting for a slot");
    case Stage::Id::CallPipe:
        return tr("call queue → pipe");
    case Stage::Id::Running:
        return tr("running");
    case Stage::Id::GilWait:
        return tr("GIL wait");
    case Stage::Id::ResultPipe:
        return tr("result pipe");
    case Stage::Id::Resolved:
        return tr("resolved");
    }
    return {};
}

QVariant TaskStagesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Stage& s = m_stages[static_cast<std::size_t>(index.row())];
    const std::int64_t t0 = m_scene && m_scene->t0() >= 0 ? m_scene->t0() : s.start;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case StageName:
            return stageName(s.id);
        case Start:
            return s.start == kNoTime ? QString() : msText(s.start - t0);
        case Duration:
            if (s.id == Stage::Id::Resolved)
                return QString();
            if (s.end == kNoTime)
                return tr("%1 (so far)").arg(msText(std::max<std::int64_t>(0, m_now - s.start)));
            return msText(s.end - s.start);
        case Detail: {
            QStringList parts;
            if (s.bytes >= 0)
                parts << tr("%1 bytes").arg(s.bytes);
            if (s.worker != 0)
                parts << (m_scene && m_scene->pool() == PoolKind::Process ? tr("pid %1").arg(s.worker)
                                                                          : tr("thread %1").arg(s.worker));
            if (s.id == Stage::Id::GilWait)
                parts << tr("%n wait(s), total", nullptr, s.count);
            if (s.hasParts) {
                // A mixed task: its I/O part, then its CPU part (the part it is in counts up to now).
                const std::int64_t open = s.openPart >= 0 && s.partStart != kNoTime
                                              ? std::max<std::int64_t>(0, m_now - s.partStart)
                                              : 0;
                const bool inIo = s.openPart == static_cast<std::int8_t>(TaskPart::Io);
                parts << tr("I/O %1 ms").arg(msText(s.ioNs + (inIo ? open : 0)))
                      << tr("CPU %1 ms").arg(msText(s.cpuNs + (s.openPart >= 0 && !inIo ? open : 0)));
            }
            if (s.id == Stage::Id::Resolved && m_scene) {
                if (const TaskRecord* t = m_scene->task(m_task))
                    parts << QString::fromLatin1(futureStatusName(t->status));
            }
            return parts.join(QStringLiteral(" · "));
        }
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Detail && s.hasParts)
        return tr("A mixed task waits on I/O first, then computes: the time of each part, in ms");
    if (role == Qt::TextAlignmentRole)
        return index.column() == Start || index.column() == Duration
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::DecorationRole && index.column() == StageName) {
        theme::Tint t = theme::Tint::Queued;
        switch (s.id) {
        case Stage::Id::Queued:
        case Stage::Id::WaitSlot:
            t = theme::Tint::Queued;
            break;
        case Stage::Id::CallPipe:
        case Stage::Id::ResultPipe:
            t = theme::Tint::InPipe;
            break;
        case Stage::Id::Running:
            t = theme::Tint::Running;
            break;
        case Stage::Id::GilWait:
            t = theme::Tint::GilWait;
            break;
        case Stage::Id::Resolved:
            if (const TaskRecord* rec = m_scene ? m_scene->task(m_task) : nullptr)
                t = theme::tintOf(*rec);
            break;
        }
        return theme::tint(t);
    }
    return {};
}

QVariant TaskStagesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StageName:
        return tr("stage");
    case Start:
        return tr("at (ms)");
    case Duration:
        return tr("for (ms)");
    case Detail:
        return tr("detail");
    default:
        return {};
    }
}

void TaskStagesModel::setTask(qint64 task)
{
    if (task == m_task)
        return;
    beginResetModel();
    m_task = task;
    const TaskRecord* t = m_scene && task >= 0 ? m_scene->task(task) : nullptr;
    m_stages = t ? taskStages(*t, m_scene->pool()) : std::vector<Stage>();
    endResetModel();
}

void TaskStagesModel::refresh(std::int64_t now)
{
    m_now = now;
    const TaskRecord* t = m_scene && m_task >= 0 ? m_scene->task(m_task) : nullptr;
    std::vector<Stage> next = t ? taskStages(*t, m_scene->pool()) : std::vector<Stage>();
    if (next.size() != m_stages.size()) {
        beginResetModel();
        m_stages = std::move(next);
        endResetModel();
        return;
    }
    m_stages = std::move(next);
    if (!m_stages.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

InspectorPanel::InspectorPanel(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_model(new TaskStagesModel(&controller->scene(), this))
{
    setObjectName(QStringLiteral("inspector"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_title = new QLabel(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    m_outcome = new QLabel(this);
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(TaskStagesModel::Detail, QHeaderView::Stretch);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setAlternatingRowColors(true);
    m_cancel = new QPushButton(tr("Cancel this future"), this);
    m_cancel->setToolTip(tr("future.cancel(): succeeds only while the future is PENDING"));
    connect(m_cancel, &QPushButton::clicked, controller, &RunController::cancelSelectedFuture);
    layout->addWidget(m_title);
    layout->addWidget(m_outcome);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_cancel);

    connect(controller, &RunController::selectedTaskChanged, this, [this](qint64 task) {
        m_model->setTask(task);
        refresh();
    });
    connect(controller, &RunController::frameApplied, this, &InspectorPanel::refresh);
    connect(controller, &RunController::cursorChanged, this, &InspectorPanel::refresh);
    connect(controller, &RunController::runReset, this, [this] {
        m_model->setTask(-1);
        refresh();
    });
    connect(controller, &RunController::stateChanged, this, &InspectorPanel::refresh);
    refresh();
}

QString InspectorPanel::headline() const
{
    return m_title->text();
}

void InspectorPanel::refresh()
{
    m_model->refresh(m_controller->displayNow());
    const TaskRecord* t = m_controller->selectedTask() >= 0
                              ? m_controller->scene().task(m_controller->selectedTask())
                              : nullptr;
    m_cancel->setEnabled(t && m_controller->canIntervene() && !t->done());
    if (!t) {
        m_title->setText(tr("No task selected"));
        m_outcome->setText(tr("Click a task chip, a future, a Gantt bar or an event to see its life here."));
        return;
    }
    // One numbering of tasks everywhere (the chips, the Gantt, the log): the submission order,
    // and on a process pool CPython's work id; the future's internal id grows across runs.
    const QString status = QString::fromLatin1(futureStatusName(t->status));
    m_title->setText(t->workId >= 0 ? tr("Task %1 · work id %2 · %3").arg(t->index).arg(t->workId).arg(status)
                                    : tr("Task %1 · %2").arg(t->index).arg(status));
    QString outcome;
    if (!t->outcomeType.empty() && t->final != FutureFinal::Result)
        outcome = tr("raised %1: %2")
                      .arg(QString::fromStdString(t->outcomeType), QString::fromStdString(t->outcomeText));
    else if (t->final == FutureFinal::Result)
        outcome = t->outcomeText.empty() ? tr("result set")
                                         : tr("result: %1").arg(QString::fromStdString(t->outcomeText));
    else if (t->final == FutureFinal::Exception)
        outcome = tr("exception set");
    else if (t->final == FutureFinal::Cancelled)
        outcome = tr("cancelled");
    else
        outcome = tr("not done yet");
    m_outcome->setText(outcome);
}

} // namespace poolscope::ui
