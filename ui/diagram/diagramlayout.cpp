#include "ui/diagram/diagramlayout.h"

#include <algorithm>
#include <cmath>

namespace poolscope::ui {

QRectF CellGrid::cellRect(int i) const
{
    if (cols <= 0 || i < 0)
        return {};
    const int r = i / cols;
    const int c = i % cols;
    return {area.left() + c * (cell.width() + gap), area.top() + r * (cell.height() + gap), cell.width(),
            cell.height()};
}

int CellGrid::cellAt(QPointF p) const
{
    if (cols <= 0 || !area.contains(p))
        return -1;
    const int c = static_cast<int>((p.x() - area.left()) / (cell.width() + gap));
    const int r = static_cast<int>((p.y() - area.top()) / (cell.height() + gap));
    if (c >= cols || r >= rows)
        return -1;
    const int i = r * cols + c;
    return cellRect(i).contains(p) ? i : -1;
}

CellGrid fitGrid(const QRectF& area, int count, QSizeF maxCell, double minCellHeight, double gap,
                 double minCellWidth)
{
    CellGrid g;
    g.area = area;
    g.gap = gap;
    const double aspect = maxCell.width() / std::max(1.0, maxCell.height());
    const double minScale = std::min(1.0, minCellHeight / std::max(1.0, maxCell.height()));
    count = std::max(count, 1);
    double scale = 1.0;
    for (;;) {
        const double ch = maxCell.height() * scale;
        const double cw = ch * aspect;
        const int cols = std::max(0, static_cast<int>(std::floor((area.width() + gap) / (cw + gap))));
        const int rows = std::max(0, static_cast<int>(std::floor((area.height() + gap) / (ch + gap))));
        g.cols = cols;
        g.rows = rows;
        g.cell = QSizeF(cw, ch);
        if (cols * rows >= count || scale <= minScale)
            break;
        // Narrower cells, as many columns as the rows leave to fill, before lower ones: a cell keeps
        // the height its label needs as long as the label's width is left.
        if (minCellWidth > 0 && rows > 0) {
            const int need = (count + rows - 1) / rows;
            const double narrow = (area.width() + gap) / need - gap;
            if (narrow >= minCellWidth) {
                g.cols = need;
                g.cell = QSizeF(narrow, ch);
                break;
            }
        }
        scale = std::max(minScale, scale * 0.92);
    }
    // Never more rows than needed: the grid fills from the top.
    if (g.cols > 0)
        g.rows = std::min(g.rows, (count + g.cols - 1) / g.cols);
    return g;
}

int workerBoxLines(double height, double lineHeight)
{
    // The painter keeps 2 px above and below; lines of text never overlap.
    const double room = height - 4;
    return room >= 3 * lineHeight ? 3 : room >= 2 * lineHeight ? 2 : 1;
}

namespace {

// A chip is four digits and 10 px wide: half of it holds a future's label, its number and mark ("7✓").
double futureCellWidth(QSizeF chip)
{
    return chip.width() / 2;
}

double boxGap(double lineHeight)
{
    return std::max(3.0, lineHeight * 0.3);
}

// Worker boxes in `height`: one column, or two when a row of one would be shorter than a line of text.
int boxColumns(double height, int n, double lineHeight)
{
    n = std::max(n, 1);
    return (height - (n - 1) * boxGap(lineHeight)) / n < lineHeight + 6 ? 2 : 1;
}

// The height of one of `n` worker boxes stacked in `height` (in one or two columns).
double workerRowHeight(double height, int n, double lineHeight)
{
    n = std::max(n, 1);
    const double gap = boxGap(lineHeight);
    const int perCol = boxColumns(height, n, lineHeight) == 2 ? (n + 1) / 2 : n;
    return std::min((height - (perCol - 1) * gap) / perCol, lineHeight * 3 + 8); // name, state, counters
}

// Worker boxes stacked in `area`, in up to two columns when they do not fit.
std::vector<QRectF> stackBoxes(const QRectF& area, int n, double lineHeight, int* lines)
{
    std::vector<QRectF> out;
    n = std::max(n, 1);
    const double gap = boxGap(lineHeight);
    const int columns = boxColumns(area.height(), n, lineHeight);
    const double rowH = workerRowHeight(area.height(), n, lineHeight);
    *lines = workerBoxLines(rowH, lineHeight);
    const int perCol = (n + columns - 1) / columns;
    const double colW = (area.width() - (columns - 1) * gap) / columns;
    // Spare height spreads the boxes a little (up to a line apart), not more.
    double rowGap = gap;
    if (perCol > 1)
        rowGap = std::clamp((area.height() - perCol * rowH) / (perCol - 1), gap, std::max(gap, lineHeight));
    for (int i = 0; i < n; ++i) {
        const int c = i / perCol;
        const int r = i % perCol;
        out.emplace_back(area.left() + c * (colW + gap), area.top() + r * (rowH + rowGap), colW, rowH);
    }
    return out;
}

CellGrid slotColumn(const QRectF& area, QSizeF chip, double gap)
{
    CellGrid g;
    g.area = area;
    g.gap = gap;
    g.cell = QSizeF(std::min(area.width(), chip.width() * 1.6), chip.height());
    g.cols = 1;
    g.rows = std::max(0, static_cast<int>(std::floor((area.height() + gap) / (chip.height() + gap))));
    // Centre the column.
    g.area.setLeft(area.center().x() - g.cell.width() / 2);
    g.area.setWidth(g.cell.width());
    return g;
}

// The caller's status: two lines, or one when the box is too short for two and its futures.
double callerTextHeight(double callerH, double lineHeight, QSizeF chip)
{
    const double futuresNeed = lineHeight * 1.5 + chip.height() * 2 + 12;
    return callerH - lineHeight * 1.5 - lineHeight * 2.4 >= futuresNeed ? lineHeight * 2.3 : lineHeight * 1.1;
}

// Both diagrams: a margin all round, the title on top, the legend at the bottom.
struct Frame
{
    double margin = 0;
    double innerW = 0;
    QRectF title;
    QRectF legend;
};

Frame frame(QSizeF size, double lineHeight, int bannerLines)
{
    Frame f;
    f.margin = std::max(8.0, lineHeight * 0.6);
    f.innerW = std::max(10.0, size.width() - 2 * f.margin);
    f.title = QRectF(f.margin, f.margin, f.innerW, lineHeight * 1.5);
    const double band = bannerLines > 0 ? lineHeight * (bannerLines + 0.6) : lineHeight * 1.4;
    f.legend = QRectF(f.margin, size.height() - f.margin - band, f.innerW, band);
    return f;
}

} // namespace

ThreadDiagramGeometry layoutThreadDiagram(QSizeF size, int maxWorkers, int futureCount, QSizeF chip,
                                          double lineHeight, int bannerLines, double arrowGap, double cellGap)
{
    ThreadDiagramGeometry g;
    g.chip = chip;
    const Frame f = frame(size, lineHeight, bannerLines);
    const double m = f.margin;
    const double innerW = f.innerW;
    g.title = f.title;
    g.legend = f.legend;
    const double top = g.title.bottom() + lineHeight * 0.5;
    const double bottom = g.legend.top() - lineHeight * 0.4;
    const double bodyH = std::max(10.0, bottom - top);
    const double header = lineHeight * 1.5;
    // Columns: caller | submit | work queue | get | threads | GIL. The gaps hold the arrows'
    // labels; what is left is shared in the old proportions.
    const double gap = std::max(innerW * 0.06, arrowGap);
    const double unit = std::max(10.0, innerW - 2 * gap) / 0.835; // 0.25 + 0.145 + 0.37 + 0.07
    const double callerW = unit * 0.25;
    const double queueX = m + callerW + gap;
    const double workersX = queueX + unit * 0.145 + gap;
    // A lane along the bottom carries results back to the futures, under the queue.
    g.returnLane = QRectF(m + callerW, bottom - lineHeight * 1.9, workersX - (m + callerW), lineHeight * 1.9);
    const double upper = g.returnLane.top() - lineHeight * 0.3;

    g.caller = QRectF(m, top, callerW, bodyH);
    g.callerText = QRectF(g.caller.left() + 6, g.caller.top() + header, g.caller.width() - 12,
                          callerTextHeight(bodyH, lineHeight, chip));
    g.futuresBox =
        QRectF(g.caller.left() + 6, g.callerText.bottom() + lineHeight * 0.3, g.caller.width() - 12,
               g.caller.bottom() - g.callerText.bottom() - lineHeight * 0.3 - 6);
    const QRectF futuresArea = g.futuresBox.adjusted(5, header, -5, -5);
    g.futures = fitGrid(futuresArea, futureCount, chip * 1.5, 9, cellGap, futureCellWidth(chip));

    g.workQueue = QRectF(queueX, top, unit * 0.145, std::max(10.0, upper - top));
    g.queueSlots = slotColumn(g.workQueue.adjusted(4, header * 1.9, -4, -header * 1.1), chip, 4);

    // The threads use the whole height: the lane leaves from their column's left edge.
    const QRectF workersArea(workersX, top + header, unit * 0.37, std::max(10.0, bottom - top - header));
    g.workers = stackBoxes(workersArea, maxWorkers, lineHeight, &g.workerLines);
    const double gilW = std::max(chip.height() * 2.2, innerW * 0.07);
    g.gilHome = QRectF(m + innerW - gilW, top, gilW, header);
    return g;
}

ProcessDiagramGeometry layoutProcessDiagram(QSizeF size, int maxWorkers, int callQueueCapacity,
                                            int futureCount, QSizeF chip, double lineHeight, int bannerLines,
                                            double arrowGap, double minBox, double minCaller, double minQueue,
                                            double minWorker, bool bandBesideWorkers, double cellGap)
{
    ProcessDiagramGeometry g;
    g.chip = chip;
    const Frame f = frame(size, lineHeight, bannerLines);
    const double m = f.margin;
    const double innerW = f.innerW;
    g.title = f.title;
    g.legend = f.legend;
    // The vertical rhythm, in lines. Where the roomy one leaves the Work Ids and Work Items boxes less
    // than their titles' row (Chinese lines and a broken pool's banner on a 960x540 screen), the tight
    // one: smaller gaps and a return lane just its label's height and its line.
    struct Rhythm
    {
        double bandGap, band, bodyGap, bottomGap, lane, laneGap, vgap;
    };
    constexpr Rhythm kRoomy{0.2, 1.3, 0.2, 0.4, 1.9, 0.3, 0.8};
    constexpr Rhythm kTight{0.1, 1.15, 0.1, 0.2, 1.25, 0.15, 0.3};
    const auto halfHeight = [&](const Rhythm& r) {
        const double top = g.title.bottom() + lineHeight * (r.bandGap + r.band + r.bodyGap);
        const double bodyH = std::max(10.0, g.legend.top() - lineHeight * r.bottomGap - top);
        return (std::max(10.0, bodyH - lineHeight * (r.lane + r.laneGap)) - lineHeight * r.vgap) / 2;
    };
    const Rhythm& rh = halfHeight(kRoomy) >= lineHeight + 6 ? kRoomy : kTight;
    const double bandTop = g.title.bottom() + lineHeight * rh.bandGap;
    const double top = bandTop + lineHeight * (rh.band + rh.bodyGap);
    const double bottom = g.legend.top() - lineHeight * rh.bottomGap;
    const double bodyH = std::max(10.0, bottom - top);
    const double header = lineHeight * 1.5;
    const double vgap = lineHeight * rh.vgap;
    // The manager sets results on the futures: a lane along the bottom leads back to the caller.
    const double laneH = lineHeight * rh.lane;
    const double upperH = std::max(10.0, bodyH - laneH - lineHeight * rh.laneGap);
    const double halfH = (upperH - vgap) / 2;

    // Columns: caller | put id | Work Ids | get | manager | put | queues | pipes | workers. The
    // three gaps hold the arrows' labels, the pipes a tenth of the width; the caller's status
    // ("iterating as_completed()") needs the widest of the left columns.
    const double gap = std::max(innerW * 0.03, arrowGap);
    double pipes = innerW * 0.10;
    // Shares 0.18 + 0.14 + 0.12 + 0.15 + 0.22; the two middle boxes at least `minBox` wide, the
    // others sharing what is left.
    const double avail = std::max(10.0, innerW - 3 * gap - pipes);
    const double idsW = std::min(avail * 0.3, std::max(avail * 0.14 / 0.81, minBox));
    const double mgrW = std::min(avail * 0.3, std::max(avail * 0.12 / 0.81, minBox));
    const double callerW =
        std::min((avail - idsW - mgrW) * 0.5, std::max((avail - idsW - mgrW) * 0.18 / 0.55, minCaller));
    const double rest = (avail - idsW - mgrW - callerW) / 0.37; // 0.15 + 0.22
    const double callerX = m;
    const double idsX = callerX + callerW + gap;
    const double mgrX = idsX + idsW + gap;
    const double qX = mgrX + mgrW + gap;
    double qW = rest * 0.15;
    double wW = rest * 0.22;
    if (qW < minQueue) { // the queues' titles whole; the worker boxes drop lines rather than cut them
        qW = std::min(minQueue, (qW + wW) * 0.5);
        wW = rest * 0.37 - qW;
    }
    // The workers' names whole ("pid 19855", not the bare pid), in each of their columns.
    const int columns = boxColumns(bodyH - header, maxWorkers, lineHeight);
    const double minColumn = minWorker > 0 ? columns * minWorker + (columns - 1) * boxGap(lineHeight) : 0;
    if (wW < minColumn) {
        const double fromQueues = std::clamp(minColumn - wW, 0.0, std::max(0.0, qW - minQueue));
        qW -= fromQueues;
        wW += fromQueues;
        const double fromPipes = std::clamp(minColumn - wW, 0.0, std::max(0.0, pipes - chip.width() * 1.2));
        pipes -= fromPipes;
        wW += fromPipes;
    }
    const double wX = qX + qW + pipes;

    g.boundaryX = (qX + qW + wX) / 2;
    // The band's two words stay clear of the pipes (whose labels rise towards it): "in-process"
    // ends at the queues' right edge, "out-of-process" starts over the workers.
    g.inProcess = QRectF(m, bandTop, qX + qW - m, lineHeight * rh.band);
    g.outOfProcess = QRectF(wX, bandTop, m + innerW - wX, lineHeight * rh.band);

    g.caller = QRectF(callerX, top, callerW, bodyH);
    g.callerText = QRectF(g.caller.left() + 5, g.caller.top() + header, g.caller.width() - 10,
                          callerTextHeight(bodyH, lineHeight, chip));
    g.futuresBox =
        QRectF(g.caller.left() + 5, g.callerText.bottom() + lineHeight * 0.3, g.caller.width() - 10,
               g.caller.bottom() - g.callerText.bottom() - lineHeight * 0.3 - 5);
    g.futures = fitGrid(g.futuresBox.adjusted(3, header, -3, -3), futureCount, chip, 9, cellGap,
                        futureCellWidth(chip));

    g.workIds = QRectF(idsX, top, idsW, halfH);
    g.workIdSlots = slotColumn(g.workIds.adjusted(4, header + 2, -4, -4), chip, 3);
    g.workItems = QRectF(idsX, top + halfH + vgap, idsW, halfH);
    g.workItemRows = std::max(0, static_cast<int>((g.workItems.height() - header - 4) / (lineHeight * 1.05)));

    g.manager = QRectF(mgrX, top, mgrW, upperH);
    g.returnLane = QRectF(callerX + callerW, bottom - laneH, mgrX + mgrW - (callerX + callerW), laneH);

    g.callQueue = QRectF(qX, top, qW, halfH);
    const int capacity = std::max(1, callQueueCapacity > 0 ? callQueueCapacity : maxWorkers + 1);
    g.callSlots = fitGrid(g.callQueue.adjusted(4, header + 2, -4, -4), capacity, chip, 8, 3);
    g.resultQueue = QRectF(qX, top + halfH + vgap, qW, halfH);
    g.resultSlots = fitGrid(g.resultQueue.adjusted(4, header + 2, -4, -4), capacity, chip, 8, 3);

    const double pipeH = chip.height() * 1.5;
    g.callPipe = QRectF(qX + qW, g.callQueue.center().y() - pipeH / 2, wX - (qX + qW), pipeH);
    g.resultPipe = QRectF(qX + qW, g.resultQueue.center().y() - pipeH / 2, wX - (qX + qW), pipeH);

    // The workers' heading over their column; where that leaves the boxes less than their three
    // lines (a broken pool's banner and the notice row on a 960x540 screen), it takes the band's row
    // instead, beside "in-process" (the dashed boundary still marks the processes' side).
    g.poolHeading = QRectF(wX, top, wW, header);
    QRectF workersArea(wX, top + header, wW, bodyH - header);
    if (bandBesideWorkers) {
        g.legend.setRight(wX - boxGap(lineHeight));
        workersArea.setBottom(g.legend.bottom());
    }
    if (workerBoxLines(workerRowHeight(workersArea.height(), maxWorkers, lineHeight), lineHeight) < 3) {
        g.poolHeading = g.outOfProcess;
        g.outOfProcess = QRectF();
        workersArea.setTop(top);
    }
    g.workers = stackBoxes(workersArea, maxWorkers, lineHeight, &g.workerLines);
    return g;
}

FuturesWindow futuresWindow(const SceneState& scene, int capacity, int rowLength)
{
    FuturesWindow w;
    const std::size_t total = scene.order().size();
    const std::size_t cap = static_cast<std::size_t>(std::max(capacity, 0));
    if (total <= cap) {
        w.first = 0;
        w.count = total;
        return w;
    }
    // Too many to show: keep the frontier (oldest unfinished) in view, a few
    // finished ones before it for context.
    const std::size_t frontier = scene.firstUnfinished();
    const std::size_t row = static_cast<std::size_t>(std::max(rowLength, 1));
    const std::size_t context = cap / 4;
    std::size_t first = frontier > context ? frontier - context : 0;
    if (row > 1) {
        const std::size_t step = std::max(row, (context / row) * row);
        first = (first / step) * step; // frontier stays in [first + 0, first + context + step)
    }
    first = std::min(first, total - cap);
    w.first = first;
    w.count = cap;
    return w;
}

std::optional<QPointF> futureCellCenter(const SceneState& scene, const CellGrid& grid, std::int64_t task)
{
    const TaskRecord* t = scene.task(task);
    if (!t || t->index < 0)
        return std::nullopt;
    const FuturesWindow w = futuresWindow(scene, grid.capacity(), grid.cols);
    const auto i = static_cast<std::size_t>(t->index);
    if (i < w.first || i >= w.first + w.count)
        return std::nullopt;
    return grid.cellRect(static_cast<int>(i - w.first)).center();
}

namespace {
// The task a worker is running sits at the right end of its box (both diagrams).
void workerChips(const SceneState& scene, const std::vector<QRectF>& boxes, const QSizeF& chip,
                 std::vector<ChipView>& out)
{
    const auto& workers = scene.workers();
    for (std::size_t i = 0; i < workers.size() && i < boxes.size(); ++i) {
        const WorkerRecord& w = workers[i];
        if (w.task < 0)
            continue;
        const TaskRecord* t = scene.task(w.task);
        if (!t || t->place != ChipPlace::Worker)
            continue;
        ChipView v;
        v.task = w.task;
        v.place = ChipPlace::Worker;
        v.center = QPointF(boxes[i].right() - chip.width() * 0.5 - 6, boxes[i].center().y());
        out.push_back(v);
    }
}

// Fills the first slots of `grid` from `q`, leaving the last slot for the overflow mark.
void queueChips(const IdQueue& q, const CellGrid& grid, ChipPlace place, std::vector<ChipView>& out,
                int* overflow)
{
    const int cap = grid.capacity();
    const int n = static_cast<int>(q.size());
    const int shown = n > cap ? std::max(0, cap - 1) : n;
    int slot = 0;
    for (int i = 0; i < n && slot < shown; ++i) {
        const std::int64_t id = q[static_cast<std::size_t>(i)];
        ChipView v;
        v.task = id;
        v.center = grid.cellRect(slot).center();
        v.place = place;
        out.push_back(v);
        ++slot;
    }
    if (overflow)
        *overflow = n - shown;
}
} // namespace

std::vector<ChipView> threadChips(const SceneState& scene, const ThreadDiagramGeometry& g,
                                  ChipOverflow* overflow)
{
    std::vector<ChipView> out;
    out.reserve(g.workers.size() + static_cast<std::size_t>(g.queueSlots.capacity()) + 4);
    int qOverflow = 0;
    queueChips(scene.workQueue(), g.queueSlots, ChipPlace::WorkQueue, out, &qOverflow);
    workerChips(scene, g.workers, g.chip, out);
    if (overflow)
        overflow->workQueue = qOverflow;
    return out;
}

std::vector<ChipView> processChips(const SceneState& scene, const ProcessDiagramGeometry& g,
                                   ChipOverflow* overflow)
{
    std::vector<ChipView> out;
    int idsOverflow = 0;
    queueChips(scene.workQueue(), g.workIdSlots, ChipPlace::WorkIds, out, &idsOverflow);

    // The manager thread holds at most a few ids at once; stack them.
    int k = 0;
    for (std::int64_t id : scene.atManager()) {
        if (k >= 6)
            break;
        ChipView v;
        v.task = id;
        // The manager holds ids it took from Work Ids and results it read from the result
        // pipe: the chip says which (a read result is not drawn as a queued id).
        const TaskRecord* t = scene.task(id);
        v.place = t && t->place == ChipPlace::Returned ? ChipPlace::Returned : ChipPlace::Manager;
        // At the bottom of the box: its status text fills the top.
        v.center = QPointF(g.manager.center().x(),
                           g.manager.bottom() - g.chip.height() * 1.2 - k * (g.chip.height() + 4));
        out.push_back(v);
        ++k;
    }

    // Call queue: every item holds slot i from its put until a worker gets it.
    // Items the feeder already wrote travel in the pipe (their slot stays taken).
    const auto& cq = scene.callQueue();
    const int cap = g.callSlots.capacity();
    int inPipe = 0;
    int callOverflow = 0;
    for (std::size_t i = 0; i < cq.size(); ++i) {
        const std::int64_t id = cq[i];
        const TaskRecord* t = id >= 0 ? scene.task(id) : nullptr;
        if (t && t->place == ChipPlace::CallPipe) {
            // Spread chips along the pipe, oldest nearest the workers.
            ChipView v;
            v.task = id;
            v.place = ChipPlace::CallPipe;
            v.bytes = t->callBytes;
            const double step = g.chip.width() + 6;
            const double x = g.callPipe.right() - g.chip.width() * 0.6 - inPipe * step;
            if (x - g.chip.width() / 2 >= g.callPipe.left()) {
                v.center = QPointF(x, g.callPipe.center().y());
                out.push_back(v);
                ++inPipe;
                continue;
            }
            // The pipe is full of chips already: this one shows in its slot, tinted as written.
            v.bytes = -1;
            if (static_cast<int>(i) < cap) {
                v.center = g.callSlots.cellRect(static_cast<int>(i)).center();
                out.push_back(v);
            } else {
                ++callOverflow;
            }
            continue;
        }
        if (static_cast<int>(i) < cap) {
            ChipView v;
            v.task = id;
            v.place = ChipPlace::CallQueue;
            v.center = g.callSlots.cellRect(static_cast<int>(i)).center();
            out.push_back(v);
        } else {
            ++callOverflow;
        }
    }

    workerChips(scene, g.workers, g.chip, out);

    // Results on their way back: the next one the manager reads shows in the
    // result pipe with its bytes; the others wait in the result queue's slots.
    const auto& rq = scene.resultQueue();
    int rOverflow = 0;
    for (std::size_t i = 0; i < rq.size(); ++i) {
        const TaskRecord* t = scene.task(rq[i]);
        if (!t)
            continue;
        ChipView v;
        v.task = rq[i];
        v.place = ChipPlace::ResultPipe;
        if (i == 0) {
            v.bytes = t->resultBytes;
            v.center = g.resultPipe.center();
            out.push_back(v);
        } else if (static_cast<int>(i) - 1 < g.resultSlots.capacity()) {
            v.center = g.resultSlots.cellRect(static_cast<int>(i) - 1).center();
            out.push_back(v);
        } else {
            ++rOverflow;
        }
    }
    if (overflow) {
        overflow->workQueue = idsOverflow;
        overflow->callQueue = callOverflow;
        overflow->resultQueue = rOverflow;
    }
    return out;
}

QPointF gilTokenTarget(const SceneState& scene, const ThreadDiagramGeometry& g)
{
    QPointF target = g.gilHome.center();
    const int slot = scene.gilHolder() > 0 ? scene.workerSlot(scene.gilHolder()) : -1;
    if (slot >= 0 && static_cast<std::size_t>(slot) < g.workers.size())
        target.setY(g.workers[static_cast<std::size_t>(slot)].center().y());
    else if (scene.gilHolder() == 0)
        // The caller's header row, above its status ("main thread" keeps clear of it).
        target = QPointF(g.caller.right() - g.chip.height() * 1.3, (g.caller.top() + g.callerText.top()) / 2);
    return target;
}

} // namespace poolscope::ui
