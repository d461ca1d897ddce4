#pragma once
// What moves on the diagram: task chips and the GIL token glide from where
// they were to where the scene says they are. Pure functions of the time
// passed in (wall-clock ns), so tests drive the clock.

#include "ui/diagram/diagramlayout.h"

#include <QPointF>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace poolscope::ui {

// Smoothstep on [0, 1]: starts and lands gently.
double easeInOut(double u);
// Where a move from `from` to `to` that began at `start` and lasts
// `durationNs` is at `now`: exactly `to` once it is over.
QPointF glideAt(QPointF from, QPointF to, std::int64_t start, std::int64_t durationNs, std::int64_t now);

// Moves chips smoothly from where they were to where the scene says they are.
class ChipAnimator
{
public:
    void setDurationNs(std::int64_t ns) { m_durationNs = ns; }
    std::int64_t durationNs() const { return m_durationNs; }
    // `spawn`: where a chip appears from; `leaveTo(task)`: where a chip that
    // vanished from the targets flies before it is dropped (its future).
    template <class LeaveTo>
    void update(const std::vector<ChipView>& targets, QPointF spawn, std::int64_t now, LeaveTo leaveTo);
    // Positions to draw at `now` (after update()).
    std::vector<ChipView> positions(std::int64_t now) const;
    bool animating(std::int64_t now) const;
    // Drops chips that finished flying to their future.
    void prune(std::int64_t now);
    void clear() { m_tracks.clear(); }
    std::size_t size() const { return m_tracks.size(); }

    static constexpr std::size_t kMaxTracks = 256; // beyond this, chips jump instead of flying
    // At most this many chips fly to their futures at once; the rest land at
    // once (thousands of completions a second would otherwise swamp a frame).
    static constexpr int kMaxLeaving = 24;
    // More moves than this in one update: chips jump instead of flying.
    static constexpr std::size_t kMaxMovesPerFrame = 24;

private:
    struct Track
    {
        ChipView view;
        QPointF from;
        QPointF to;
        std::int64_t start = 0;
        bool leaving = false;
        bool seen = false;
    };
    QPointF at(const Track& t, std::int64_t now) const
    {
        return glideAt(t.from, t.to, t.start, m_durationNs, now);
    }
    std::unordered_map<std::int64_t, Track> m_tracks; // sentinels use negative keys
    std::int64_t m_durationNs = 300'000'000;
};

// The GIL token: one point that glides to each new holder. A new move starts
// from where the token was last drawn, so a retarget mid-flight bends smoothly.
class TokenGlide
{
public:
    // Aim at `target`; the first target places the token there at once.
    void retarget(QPointF target, std::int64_t now);
    // Where the token is at `now`; remembered as the start of the next move.
    // Before any target it rests at `home`.
    QPointF advance(std::int64_t now, std::int64_t durationNs, QPointF home);
    bool placed() const { return m_placed; }
    // Still on its way (the widget keeps animating).
    bool moving() const { return m_placed && m_pos != m_to; }
    // A new run: the next target places the token again.
    void reset() { m_placed = false; }

private:
    bool m_placed = false;
    QPointF m_pos;
    QPointF m_from;
    QPointF m_to;
    std::int64_t m_start = 0; // 0: no move yet
};

template <class LeaveTo>
void ChipAnimator::update(const std::vector<ChipView>& targets, QPointF spawn, std::int64_t now,
                          LeaveTo leaveTo)
{
    for (auto& [id, t] : m_tracks)
        t.seen = false;
    // Count the moves first: when more chips move in one frame than an eye can
    // follow (a fast run), nothing flies; everything jumps to where it is.
    std::size_t moves = 0;
    {
        std::int64_t key = -1;
        for (const ChipView& v : targets) {
            const auto it = m_tracks.find(v.task >= 0 ? v.task : key--);
            moves += (it == m_tracks.end() || it->second.to != v.center) ? 1 : 0;
        }
        moves += m_tracks.size() > targets.size() ? m_tracks.size() - targets.size() : 0;
    }
    const bool animate = targets.size() < kMaxTracks && moves <= kMaxMovesPerFrame;
    if (!animate) {
        for (auto& [id, t] : m_tracks) {
            t.from = t.to; // land everything now
            if (t.leaving)
                t.start = now - m_durationNs;
        }
    }
    std::int64_t sentinelKey = -1;
    for (const ChipView& v : targets) {
        const std::int64_t key = v.task >= 0 ? v.task : sentinelKey--;
        auto [it, inserted] = m_tracks.try_emplace(key);
        Track& t = it->second;
        if (inserted) {
            t.from = animate && v.task >= 0 ? spawn : v.center;
            t.to = v.center;
            t.start = now;
        } else if (t.to != v.center || t.leaving) {
            t.from = animate ? at(t, now) : v.center;
            t.to = v.center;
            t.start = now;
            t.leaving = false;
        }
        t.view = v;
        t.seen = true;
    }
    int leaving = 0;
    for (const auto& [id, t] : m_tracks)
        leaving += t.leaving ? 1 : 0;
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        Track& t = it->second;
        if (!t.seen && !t.leaving) {
            std::optional<QPointF> dest =
                animate && it->first >= 0 && leaving < kMaxLeaving ? leaveTo(it->first) : std::nullopt;
            if (dest) {
                ++leaving;
                t.from = at(t, now);
                t.to = *dest;
                t.start = now;
                t.leaving = true;
                t.view.place = ChipPlace::Future;
                t.view.bytes = -1;
            } else {
                it = m_tracks.erase(it);
                continue;
            }
        }
        if (t.leaving && now - t.start >= m_durationNs) {
            it = m_tracks.erase(it);
            continue;
        }
        ++it;
    }
}

} // namespace poolscope::ui
