#include "ui/panels/eventlogpanel.h"

#include "ui/model/eventlogmodel.h"
#include "ui/run/runcontroller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace poolscope::ui {

EventLogPanel::EventLogPanel(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_model(new EventLogModel(&controller->scene(), this)),
      m_proxy(new EventFilterProxy(this))
{
    setObjectName(QStringLiteral("eventlog"));
    m_proxy->setSourceModel(m_model);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_kind = new QComboBox(this);
    m_kind->setToolTip(tr("Show events of these kinds"));
    for (KindGroup g : {KindGroup::All, KindGroup::Futures, KindGroup::Queues, KindGroup::Workers,
                        KindGroup::Gil, KindGroup::Shutdown, KindGroup::Caller})
        m_kind->addItem(kindGroupName(g), QVariant::fromValue(-1 - static_cast<int>(g)));
    m_kind->insertSeparator(m_kind->count());
    for (int k = 0; k < kEventKindCount; ++k) {
        const auto name = eventKindName(static_cast<EventKind>(k));
        m_kind->addItem(QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())), k);
    }
    m_kind->setMaxVisibleItems(20);
    // As wide as the bar gives it, not as its longest kind's name: that would hold the side dock
    // the log shares with the scenario wider than a 960 px screen can spare (the popup still
    // shows every name whole).
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_kind->setMinimumContentsLength(8);
    m_task = new QLineEdit(this);
    m_task->setPlaceholderText(tr("task #"));
    m_task->setToolTip(tr("Only events of this task (its number in the diagram); empty for all"));
    m_task->setValidator(new QIntValidator(0, 100'000'000, m_task));
    m_task->setClearButtonEnabled(true);
    m_task->setMaximumWidth(90);
    m_follow = new QCheckBox(tr("Follow"), this);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest event in view"));
    m_count = new QLabel(this);
    bar->addWidget(m_kind, 1);
    bar->addWidget(m_task);
    bar->addWidget(m_follow);
    layout->addLayout(bar);

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    const QFontMetrics fm(m_view->font());
    m_view->setColumnWidth(EventLogModel::Seq, fm.horizontalAdvance(QStringLiteral("000000")) + 10);
    m_view->setColumnWidth(EventLogModel::Time, fm.horizontalAdvance(QStringLiteral("00000.000")) + 10);
    m_view->setColumnWidth(EventLogModel::Kind, fm.horizontalAdvance(QStringLiteral("FeederSerialize")) + 14);
    m_view->setColumnWidth(EventLogModel::Worker, fm.horizontalAdvance(QStringLiteral("0000000")) + 10);
    m_view->setColumnWidth(EventLogModel::Task, fm.horizontalAdvance(QStringLiteral("00000")) + 10);
    // value/value2 are raw; the meaning column says what they are.
    m_view->setColumnHidden(EventLogModel::Seq, true); // order is the row order; seq shows in the tooltip
    m_view->setColumnHidden(EventLogModel::Value, true);
    m_view->setColumnHidden(EventLogModel::Value2, true);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &EventLogPanel::applyKindFilter);
    connect(m_task, &QLineEdit::textChanged, this, &EventLogPanel::applyTaskFilter);
    // A table is costly to repaint: rows arrive in batches ten times a second,
    // and while paused or stepping at once (each step must show).
    m_flush.setInterval(100);
    connect(&m_flush, &QTimer::timeout, this, &EventLogPanel::flushPending);
    connect(controller, &RunController::frameApplied, this, [this](const FrameBatch& batch) {
        if (batch.events && !batch.events->empty())
            m_pending.push_back(batch);
        if (m_controller->state() != RunState::Running)
            flushPending();
        else if (!m_flush.isActive())
            m_flush.start();
    });
    connect(controller, &RunController::stateChanged, this, [this] { flushPending(); });
    connect(controller, &RunController::cursorChanged, this, &EventLogPanel::showCursorRow);
    connect(controller, &RunController::runReset, this, [this] {
        m_pending.clear();
        m_model->clear();
        updateCount();
    });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
        // Scrolling up stops following; back at the bottom, it follows again.
        m_follow->setChecked(v >= m_view->verticalScrollBar()->maximum());
    });
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const qlonglong task = index.data(EventLogModel::TaskIdRole).toLongLong();
        if (task >= 0)
            m_controller->selectTask(task);
    });
    updateCount();
}

void EventLogPanel::flushPending()
{
    m_flush.stop();
    if (m_pending.empty())
        return;
    // Only the newest rows can stay in the log anyway: skip what would be
    // evicted at once, and insert a bounded number of rows per flush.
    std::size_t total = 0;
    for (const FrameBatch& b : m_pending)
        total += b.events->size();
    std::size_t skip = total > EventLogModel::kMaxRows ? total - EventLogModel::kMaxRows : 0;
    std::vector<Event> rows;
    rows.reserve(std::min<std::size_t>(total - skip, kMaxRowsPerFlush));
    std::size_t consumedBatches = 0;
    std::size_t offset = 0;
    for (const FrameBatch& b : m_pending) {
        const auto& ev = *b.events;
        std::size_t i = 0;
        if (skip > 0) {
            i = std::min(skip, ev.size());
            skip -= i;
        }
        for (; i < ev.size() && rows.size() < kMaxRowsPerFlush; ++i)
            rows.push_back(ev[i]);
        if (i < ev.size()) {
            offset = i;
            break;
        }
        ++consumedBatches;
    }
    m_model->dropUnseen(total - rows.size() - remainingIn(consumedBatches, offset));
    // Keep what did not fit for the next flush.
    if (consumedBatches < m_pending.size()) {
        FrameBatch& rest = m_pending[consumedBatches];
        auto tail = std::make_shared<std::vector<Event>>(
            rest.events->begin() + static_cast<std::ptrdiff_t>(offset), rest.events->end());
        rest.events = std::move(tail);
    }
    m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(consumedBatches));
    FrameBatch b;
    b.events = std::make_shared<const std::vector<Event>>(std::move(rows));
    m_model->appendBatch(b);
    if (!m_pending.empty())
        m_flush.start();
    if (m_follow->isChecked())
        m_view->scrollToBottom();
    updateCount();
}

std::size_t EventLogPanel::remainingIn(std::size_t firstBatch, std::size_t offset) const
{
    std::size_t n = 0;
    for (std::size_t i = firstBatch; i < m_pending.size(); ++i)
        n += m_pending[i].events->size() - (i == firstBatch ? offset : 0);
    return n;
}

// Replay: the current row is the last event the cursor shows (the log keeps its newest rows only).
void EventLogPanel::showCursorRow()
{
    if (m_controller->atLive()) {
        m_view->clearSelection();
        return;
    }
    flushPending();
    m_follow->setChecked(false);
    const auto k = static_cast<std::int64_t>(m_controller->cursor());
    const std::int64_t row = k - 1 - static_cast<std::int64_t>(m_model->dropped());
    if (row < 0 || row >= m_model->rowCount()) {
        m_view->clearSelection();
        return;
    }
    const QModelIndex at = m_proxy->mapFromSource(m_model->index(static_cast<int>(row), EventLogModel::Kind));
    if (!at.isValid()) { // filtered out: no row to mark
        m_view->clearSelection();
        return;
    }
    m_view->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    m_view->scrollTo(at);
}

void EventLogPanel::applyKindFilter(int comboIndex)
{
    const int v = m_kind->itemData(comboIndex).toInt();
    if (v < 0) {
        m_proxy->setKinds(kindsOf(static_cast<KindGroup>(-1 - v)));
    } else {
        KindMask m;
        m.set(static_cast<std::size_t>(v));
        m_proxy->setKinds(m);
    }
    updateCount();
}

void EventLogPanel::applyTaskFilter()
{
    bool ok = false;
    const qlonglong v = m_task->text().toLongLong(&ok);
    m_proxy->setTaskIndex(ok ? v : -1);
    updateCount();
}

void EventLogPanel::updateCount()
{
    QString text = tr("%1 of %2 events shown").arg(m_proxy->rowCount()).arg(m_model->rowCount());
    if (m_model->dropped() > 0)
        text += tr(" (%1 oldest dropped)").arg(m_model->dropped());
    m_count->setText(text);
}

} // namespace poolscope::ui
