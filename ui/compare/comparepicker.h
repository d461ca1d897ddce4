#pragma once
// The compare view's choice of what to compare: the scenario on the two pools (the default), or the
// same scenario against itself across one setting (the GIL on and off, extra_queued_calls 1 and 16,
// map()'s chunksize 1 and 100, two worker counts), or a scenario file for each side; and whether the
// two pools of a round run one after the other or at the same time.

#include "core/run/comparison.h"
#include "core/run/scenario.h"
#include "ui/compare/recordedrun.h"

#include <QStringList>
#include <QWidget>

#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QPushButton;

namespace poolscope::ui {

class ComparePicker : public QWidget
{
    Q_OBJECT

public:
    explicit ComparePicker(QWidget* parent = nullptr);

    // pools, gil, extra-queued-calls, chunksize, workers, files.
    static QStringList pairNames();
    // The two sides `pair` makes of `scenario` (files: the default pair's).
    static std::pair<Scenario, Scenario> pairScenarios(const Scenario& scenario, const QString& pair);
    // The two as runs that know where they differ (for their labels), nothing run yet.
    static std::pair<RecordedRun, RecordedRun> labelledSides(const Scenario& a, const Scenario& b);

    // The scenario the pairs are made of (the texts of the choices name its values).
    void setScenario(const Scenario& scenario);
    QString pair() const;
    bool setPair(const QString& pair);                   // false for an unknown name
    void setSides(const Scenario& a, const Scenario& b); // the files pair, with these
    // Side 0 (A) or 1 (B) from a scenario file, the other side staying what it was; false with
    // `error` = "FILE: field: what is wrong" and nothing changed.
    bool loadSideFile(int side, const QString& path, QString* error);
    std::pair<Scenario, Scenario> currentPair() const;
    // The runs: the serial run of each side's work, then both sides.
    std::vector<CompareSide> sides() const;
    void setConcurrent(bool together);
    bool concurrent() const;

Q_SIGNALS:
    void changed();                      // the pair, a side or the timing
    void fileFailed(const QString& why); // a side's file could not be loaded

protected:
    void changeEvent(QEvent* e) override;

private:
    void describe();

    Scenario m_scenario;
    std::pair<Scenario, Scenario> m_fileSides; // the files pair's
    QComboBox* m_pair;
    QPushButton* m_fileA;
    QPushButton* m_fileB;
    QCheckBox* m_together;
};

} // namespace poolscope::ui
