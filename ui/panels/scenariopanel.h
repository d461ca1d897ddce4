#pragma once
// The scenario panel: a preset to start from, the pool and its options, the
// workload and its parameters, tasks, submission style, timeout, GIL, speed.
// Every field refuses bad input where it is typed and says why; the Python
// the run mirrors is shown below.

#include "ui/panels/fieldvalidators.h"
#include "ui/run/runsession.h"

#include <QWidget>

class QComboBox;
class QCheckBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace poolscope::ui {

class RunController;

class ScenarioPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioPanel(RunController* controller, QWidget* parent = nullptr);
    ~ScenarioPanel() override;

    RunSpec spec() const;
    void setSpec(const RunSpec& spec);
    QString lastRefusal() const;
    QString pythonCode() const;

    // Field access for tests.
    CheckedSpinBox* workersField() const noexcept { return m_workers; }
    CheckedSpinBox* tasksField() const noexcept { return m_tasks; }
    QLineEdit* timeoutField() const noexcept { return m_timeout; }
    QLineEdit* maxTasksPerChildField() const noexcept { return m_maxTasksPerChild; }
    QLineEdit* inputsField() const noexcept { return m_inputs; }
    QComboBox* poolField() const noexcept { return m_pool; }
    QComboBox* speedField() const noexcept { return m_speed; }
    QComboBox* presetField() const noexcept { return m_preset; }
    QComboBox* workloadField() const noexcept { return m_workload; }

    // Speeds offered: 1x down to 1/20.
    static const std::vector<double>& speeds();

public Q_SLOTS:
    // Loads a preset by name into the fields (and so into the controller).
    bool loadPreset(const QString& name);

Q_SIGNALS:
    void specEdited(const poolscope::ui::RunSpec& spec);
    // A keystroke was refused (why), or the field became acceptable again ("").
    void refusalShown(const QString& why);

private:
    void showRefusal(const QString& why);
    void edited();
    void updateEnabled();
    void updateCode();
    QLineEdit* optionalField(const QString& field, double min, double max, bool integer, const QString& none);

    RunController* m_controller;
    QFormLayout* m_form = nullptr;
    QFormLayout* m_workloadForm = nullptr;
    QComboBox* m_preset;
    QComboBox* m_pool;
    CheckedSpinBox* m_workers;
    CheckedSpinBox* m_tasks;
    QComboBox* m_submit;
    CheckedSpinBox* m_chunksize;
    QLineEdit* m_timeout;
    QComboBox* m_onTimeout;
    QCheckBox* m_gil;
    QDoubleSpinBox* m_switchInterval;
    QLineEdit* m_maxTasksPerChild;
    CheckedSpinBox* m_extraQueuedCalls;
    QComboBox* m_workload;
    QDoubleSpinBox* m_taskMs;
    QLineEdit* m_n;
    QLineEdit* m_inputs;
    QLineEdit* m_rounds;
    QLineEdit* m_bytes;
    QDoubleSpinBox* m_latencyMs;
    QDoubleSpinBox* m_ioMs;
    QDoubleSpinBox* m_cpuMs;
    QLineEdit* m_payload;
    QComboBox* m_speed;
    QLabel* m_refusal;
    QLabel* m_invalid;
    QPlainTextEdit* m_code;
    std::string m_name = "custom";
    std::string m_description;
    double m_targetMs = 0.0;                       // workload.target_ms of the scenario loaded
    std::optional<std::int64_t> m_killWorkerAfter; // kept from a loaded scenario, not edited here
    bool m_updating = false;
    // on_timeout as the scenario says (the combo box shows cancel for it on a thread pool).
    QString m_onTimeoutChosen;
};

} // namespace poolscope::ui
