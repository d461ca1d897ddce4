#include "ui/compare/lockstepscrubber.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

#include <algorithm>
#include <array>

namespace poolscope::ui {

namespace {

// The slider counts microseconds: fine enough for a 1 ms event, and 35 minutes fit an int.
constexpr std::int64_t kNsPerStep = 1000;
constexpr std::array<double, 6> kSpeeds{0.05, 0.1, 0.25, 0.5, 1.0, 2.0};

} // namespace

LockstepScrubber::LockstepScrubber(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("lockstepScrubber"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_play = new QPushButton(this);
    m_play->setObjectName(QStringLiteral("lockstepPlay"));
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("lockstepSlider"));
    m_slider->setRange(0, 0);
    m_label = new QLabel(this);
    m_speedBox = new QComboBox(this);
    for (const double s : kSpeeds)
        m_speedBox->addItem(QStringLiteral("×%1").arg(s), s);
    m_speedBox->setCurrentIndex(2);
    layout->addWidget(m_play);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);
    layout->addWidget(m_speedBox);
    m_timer.setInterval(16);
    connect(&m_timer, &QTimer::timeout, this, &LockstepScrubber::tick);
    connect(m_play, &QPushButton::clicked, this, &LockstepScrubber::togglePlay);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (m_sliding)
            return;
        pause();
        setTime(static_cast<qint64>(v) * kNsPerStep);
    });
    connect(m_speedBox, &QComboBox::activated, this,
            [this](int i) { setSpeed(m_speedBox->itemData(i).toDouble()); });
    updateLabels();
}

void LockstepScrubber::setSpan(std::int64_t spanNs)
{
    m_span = std::max<std::int64_t>(0, spanNs);
    m_sliding = true;
    m_slider->setRange(0, static_cast<int>((m_span + kNsPerStep - 1) / kNsPerStep));
    m_sliding = false;
    setTime(std::min(m_time, m_span));
    updateLabels();
}

void LockstepScrubber::setTime(qint64 ns)
{
    const std::int64_t t = std::clamp<std::int64_t>(ns, 0, m_span);
    const bool moved = t != m_time;
    m_time = t;
    m_sliding = true;
    m_slider->setValue(static_cast<int>(t / kNsPerStep));
    m_sliding = false;
    updateLabels();
    if (moved)
        Q_EMIT timeChanged(t);
}

void LockstepScrubber::play()
{
    if (m_span <= 0 || playing())
        return;
    if (m_time >= m_span)
        setTime(0);
    m_playFrom = m_time;
    m_wall.start();
    m_timer.start();
    updateLabels();
    Q_EMIT playingChanged(true);
}

void LockstepScrubber::pause()
{
    if (!playing())
        return;
    m_timer.stop();
    updateLabels();
    Q_EMIT playingChanged(false);
}

void LockstepScrubber::togglePlay()
{
    if (playing())
        pause();
    else
        play();
}

void LockstepScrubber::setSpeed(double speed)
{
    speed = std::clamp(speed, 0.05, 4.0);
    // Keep the time reached; only the pace from here on changes.
    m_playFrom = m_time;
    m_wall.restart();
    m_speed = speed;
    for (int i = 0; i < m_speedBox->count(); ++i)
        if (m_speedBox->itemData(i).toDouble() == speed)
            m_speedBox->setCurrentIndex(i);
}

void LockstepScrubber::tick()
{
    const auto t =
        m_playFrom + static_cast<std::int64_t>(static_cast<double>(m_wall.nsecsElapsed()) * m_speed);
    setTime(t);
    if (t >= m_span)
        pause();
}

QString LockstepScrubber::label() const
{
    return tr("%1 s of %2 s after the first submit")
        .arg(static_cast<double>(m_time) / 1e9, 0, 'f', 3)
        .arg(static_cast<double>(m_span) / 1e9, 0, 'f', 3);
}

void LockstepScrubber::updateLabels()
{
    m_play->setText(playing() ? tr("Pause") : tr("Play"));
    m_play->setEnabled(m_span > 0);
    m_label->setText(label());
    m_slider->setAccessibleName(tr("Time after each run's first submit"));
    m_speedBox->setToolTip(tr("Playback speed (×1 = real time)"));
}

void LockstepScrubber::changeEvent(QEvent* e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange)
        updateLabels();
}

} // namespace poolscope::ui
