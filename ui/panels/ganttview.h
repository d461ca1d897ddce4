#pragma once
// Per-worker timeline: what each thread or process ran, its idle gaps, its
// GIL waits, and a mixed task's I/O part apart from its CPU part. The data and the time <-> x mapping are
// TimelineData and TimelineLayout; zoom and follow mode live in the controller.

#include "ui/diagram/textcache.h"
#include "ui/model/timelinedata.h"

#include <QTimer>
#include <QWidget>

namespace poolscope::ui {

class RunController;

class GanttView : public QWidget
{
    Q_OBJECT
public:
    explicit GanttView(RunController* controller, QWidget* parent = nullptr);
    // Tall enough for a readable label on each lane, up to 12 lanes (more: every k-th is labelled).
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override { return {900, 220}; }
    // How many lanes the last paint labelled (every one unless the lanes are under 6 pt high).
    int labelledLanes() const noexcept { return m_labelledLanes; }

    // The layout the last paint used (tests).
    TimelineLayout currentLayout() const;
    std::int64_t taskAt(QPointF p) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    double labelWidth() const;
    double axisHeight() const;
    QString laneName(const TimelineLane& lane) const;

    RunController* m_controller;
    QTimer m_refresh;
    QPointF m_dragFrom;
    std::int64_t m_dragViewStart = 0;
    mutable std::vector<DrawSegment> m_scratch;
    mutable std::vector<DrawSegment> m_ioScratch; // a lane's I/O parts, drawn over its runs
    TextCache m_text;
    mutable QFont m_labelFont;
    mutable double m_labelWidth = -1;
    int m_labelledLanes = 0;
    int m_hintLanes = 0;
    mutable double m_minLabelSegment = 0;
};

} // namespace poolscope::ui
