#pragma once
// The event log: every event of the run, filterable by kind and by task,
// following the newest rows unless the user scrolled up.

#include "ui/model/viewmodel.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QCheckBox;
class QLabel;
class QTableView;

namespace poolscope::ui {

class RunController;
class EventLogModel;
class EventFilterProxy;

class EventLogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPanel(RunController* controller, QWidget* parent = nullptr);
    EventLogModel* model() const noexcept { return m_model; }
    EventFilterProxy* proxy() const noexcept { return m_proxy; }
    QComboBox* kindFilter() const noexcept { return m_kind; }
    QLineEdit* taskFilter() const noexcept { return m_task; }

private:
    void applyKindFilter(int comboIndex);
    void applyTaskFilter();
    void updateCount();
    void flushPending();
    std::size_t remainingIn(std::size_t firstBatch, std::size_t offset) const;
    // Rows inserted per flush at most: a table cannot take a firehose.
    static constexpr std::size_t kMaxRowsPerFlush = 20'000;

    RunController* m_controller;
    EventLogModel* m_model;
    EventFilterProxy* m_proxy;
    QComboBox* m_kind;
    QLineEdit* m_task;
    QCheckBox* m_follow;
    QLabel* m_count;
    QTableView* m_view;
    QTimer m_flush;
    void showCursorRow();
    std::vector<FrameBatch> m_pending;
};

} // namespace poolscope::ui
