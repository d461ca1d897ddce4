#pragma once
// The compare view's one clock: a slider over 0..the longest run's span (from its first submit to
// its last event), play/pause at a speed, the time it stands at. Every pane shows its run at that
// time after its own first submit, so the runs are compared as if they had started together.
// Plain widget: it knows times, not runs (the view moves the panes on timeChanged()).

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;

namespace poolscope::ui {

class LockstepScrubber : public QWidget
{
    Q_OBJECT

public:
    explicit LockstepScrubber(QWidget* parent = nullptr);

    // The clock's range 0..span ns; the time is clamped into it.
    void setSpan(std::int64_t spanNs);
    std::int64_t span() const { return m_span; }
    std::int64_t time() const { return m_time; }
    bool playing() const { return m_timer.isActive(); }
    double speed() const { return m_speed; }
    QString label() const;
    QSlider* slider() const { return m_slider; }

public Q_SLOTS:
    void setTime(qint64 ns);
    // Plays from the time it stands at (from 0 when at the end) at speed() x real time.
    void play();
    void pause();
    void togglePlay();
    void setSpeed(double speed); // 0.05 .. 4

Q_SIGNALS:
    void timeChanged(qint64 ns);
    void playingChanged(bool playing);

protected:
    void changeEvent(QEvent* e) override;

private:
    void tick();
    void updateLabels();

    QPushButton* m_play;
    QSlider* m_slider;
    QLabel* m_label;
    QComboBox* m_speedBox;
    QTimer m_timer;
    QElapsedTimer m_wall;
    std::int64_t m_span = 0;
    std::int64_t m_time = 0;
    std::int64_t m_playFrom = 0; // the time when play() started, at m_wall's start
    double m_speed = 0.25;
    bool m_sliding = false; // setTime() moves the slider: not another seek
};

} // namespace poolscope::ui
