#pragma once
// The task inspector: the selected task's life, stage by stage (queued,
// waiting for a call-queue slot, in the pipe, running, GIL wait, result pipe,
// resolved) with timestamps, durations and bytes.

#include "ui/model/viewmodel.h"

#include <QAbstractTableModel>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace poolscope::ui {

class RunController;
class SceneState;

class TaskStagesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        StageName,
        Start,
        Duration,
        Detail,
        ColumnCount
    };

    explicit TaskStagesModel(const SceneState* scene, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stageName(Stage::Id id);
    std::int64_t task() const noexcept { return m_task; }
    const std::vector<Stage>& stages() const noexcept { return m_stages; }

public Q_SLOTS:
    // Shows `task` (future id; -1 for none) as of `now`.
    void setTask(qint64 task);
    void refresh(std::int64_t now);

private:
    const SceneState* m_scene;
    std::int64_t m_task = -1;
    std::int64_t m_now = 0;
    std::vector<Stage> m_stages;
};

class InspectorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InspectorPanel(RunController* controller, QWidget* parent = nullptr);
    TaskStagesModel* model() const noexcept { return m_model; }
    QString headline() const;

private:
    void refresh();

    RunController* m_controller;
    TaskStagesModel* m_model;
    QLabel* m_title;
    QLabel* m_outcome;
    QTableView* m_table;
    QPushButton* m_cancel;
};

} // namespace poolscope::ui
