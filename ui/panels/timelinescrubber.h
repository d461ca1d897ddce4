#pragma once
// The replay scrubber under the diagram: the run's history as a track (one
// pixel column per slice of events, error and worker-death marks), a handle at
// the cursor, Live at the right end. Click or drag to seek; Home/End, Left/Right
// and PageUp/PageDown when it has focus. The mapping between pixels and event
// positions is ScrubberGeometry (plain, unit-tested).

#include <QWidget>

#include <cstddef>
#include <vector>

namespace poolscope::ui {

class RunController;

struct ScrubberGeometry
{
    int left = 0;  // x of position 0
    int width = 1; // track width in px; position `size` sits at left + width
    std::size_t size = 0;

    int xOf(std::size_t position) const;
    std::size_t positionAt(int x) const; // nearest position, clamped to 0..size
};

class TimelineScrubber : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineScrubber(RunController* controller, QWidget* parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    ScrubberGeometry geometryNow() const;
    QString label() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QRect trackRect() const;
    void scanMarks();
    RunController* m_controller;
    std::vector<std::size_t> m_marks; // positions right after an error or a worker's exit
    std::size_t m_scanned = 0;
};

} // namespace poolscope::ui
