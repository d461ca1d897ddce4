#include "ui/diagram/textfit.h"

#include <QRectF>

#include <algorithm>

namespace poolscope::ui {

namespace {

// The least k in [0, n) with fits(k), assuming fits is monotone (false ... false true ... true); n if none.
int leastOnGrid(int n, const std::function<bool(int)>& fits)
{
    int lo = 0;
    int hi = n;
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (fits(mid))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

} // namespace

bool textsFit(const std::vector<DrawnText>& texts, QSizeF size)
{
    const QRectF bounds = QRectF(QPointF(0, 0), size).adjusted(-0.5, -0.5, 0.5, 0.5);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (texts[i].elided || !bounds.contains(texts[i].ink))
            return false;
        for (std::size_t j = i + 1; j < texts.size(); ++j) {
            const QRectF both = texts[i].ink.intersected(texts[j].ink);
            if (both.width() > 2 && both.height() > 2)
                return false;
        }
    }
    return true;
}

int leastUnelidedWidth(const TextProbe& probe, int height)
{
    constexpr int kFirst = 360;
    constexpr int kStep = 20;
    constexpr int kMost = kWidestProbe;
    const int n = (kMost - kFirst + kStep - 1) / kStep;
    const int k = leastOnGrid(n, [&](int i) {
        const std::vector<DrawnText> texts = probe(QSizeF(kFirst + i * kStep, height));
        return std::none_of(texts.begin(), texts.end(), [](const DrawnText& t) { return t.elided; });
    });
    return k < n ? kFirst + k * kStep : kMost;
}

int leastFittingHeight(const TextProbe& probe, int width, int most)
{
    constexpr int kFirst = 200;
    constexpr int kStep = 10;
    if (most < kFirst)
        return 0;
    const int n = (most - kFirst) / kStep + 1;
    const int k = leastOnGrid(n, [&](int i) {
        const QSizeF size(width, kFirst + i * kStep);
        return textsFit(probe(size), size);
    });
    return k < n ? kFirst + k * kStep : 0;
}

} // namespace poolscope::ui
