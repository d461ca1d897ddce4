#include "ui/panels/fieldvalidators.h"

#include <QRegularExpression>

namespace poolscope::ui {

OptionalNumberValidator::OptionalNumberValidator(QString field, double min, double max, bool integer,
                                                 QObject* parent)
    : QValidator(parent), m_field(std::move(field)), m_min(min), m_max(max), m_integer(integer)
{
}

QValidator::State OptionalNumberValidator::validate(QString& input, int&) const
{
    const QString t = input.trimmed();
    if (t.isEmpty() || t == QLatin1String("None")) {
        Q_EMIT refused(QString());
        return Acceptable;
    }
    if (QStringLiteral("None").startsWith(t))
        return Intermediate; // typing "None"
    bool ok = false;
    const double v = m_integer ? static_cast<double>(t.toLongLong(&ok)) : t.toDouble(&ok);
    if (!ok) {
        // A lone "." may still become a number; anything else is refused here.
        if (!m_integer && (t == QLatin1String(".") || t.endsWith(QLatin1Char('e'))))
            return Intermediate;
        Q_EMIT refused(m_integer ? tr("%1: whole numbers only, or None").arg(m_field)
                                 : tr("%1: a number, or None").arg(m_field));
        return Invalid;
    }
    if (v > m_max) {
        Q_EMIT refused(tr("%1: at most %2").arg(m_field).arg(m_max));
        return Invalid;
    }
    if (v < m_min || (v <= 0 && m_min <= 0 && !m_integer)) {
        // "0" can still become "0.5": not refused, but not accepted either.
        Q_EMIT refused(m_integer ? tr("%1: must be at least %2, or None").arg(m_field).arg(m_min)
                                 : tr("%1: must be more than 0 seconds, or None").arg(m_field));
        return v < 0 ? Invalid : Intermediate;
    }
    Q_EMIT refused(QString());
    return Acceptable;
}

std::optional<double> OptionalNumberValidator::value(const QString& text) const
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t == QLatin1String("None"))
        return std::nullopt;
    bool ok = false;
    const double v = t.toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

IntegerListValidator::IntegerListValidator(QString field, std::int64_t min, std::int64_t max, QObject* parent)
    : QValidator(parent), m_field(std::move(field)), m_min(min), m_max(max)
{
}

QValidator::State IntegerListValidator::validate(QString& input, int&) const
{
    static const QRegularExpression allowed(QStringLiteral("^[0-9,\\s]*$"));
    if (!allowed.match(input).hasMatch()) {
        Q_EMIT refused(tr("%1: whole numbers separated by commas").arg(m_field));
        return Invalid;
    }
    for (const QString& part : input.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong v = part.trimmed().toLongLong(&ok);
        if (part.trimmed().isEmpty())
            continue;
        if (!ok || v > m_max) {
            Q_EMIT refused(tr("%1: each number at most %2").arg(m_field).arg(m_max));
            return Invalid;
        }
        if (v < m_min) {
            Q_EMIT refused(tr("%1: each number at least %2").arg(m_field).arg(m_min));
            return Intermediate;
        }
    }
    Q_EMIT refused(QString());
    return Acceptable;
}

std::vector<std::int64_t> IntegerListValidator::parse(const QString& text)
{
    std::vector<std::int64_t> out;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong v = part.trimmed().toLongLong(&ok);
        if (ok)
            out.push_back(v);
    }
    return out;
}

CheckedSpinBox::CheckedSpinBox(QString field, int min, int max, QWidget* parent)
    : QSpinBox(parent), m_field(std::move(field))
{
    setRange(min, max);
    setAccelerated(true);
}

QValidator::State CheckedSpinBox::validate(QString& input, int& pos) const
{
    const QValidator::State s = QSpinBox::validate(input, pos);
    if (s == QValidator::Acceptable)
        Q_EMIT refused(QString());
    else
        Q_EMIT refused(tr("%1: a whole number from %2 to %3").arg(m_field).arg(minimum()).arg(maximum()));
    return s;
}

} // namespace poolscope::ui
