#include "widgets/conv_arithmetic.h"
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace widgets {
namespace {

using Mat = engine::MatrixT<double>;

// A square copy of m, side cells a side: m's top-left part, zeros where m had none, values clamped and finite.
Mat squared(const Mat& m, int side) {
    Mat out = Mat::Zero(side, side);
    for (int r = 0; r < std::min<int>(side, int(m.rows())); ++r)
        for (int c = 0; c < std::min<int>(side, int(m.cols())); ++c) {
            const double v = m(r, c);
            out(r, c) = std::isfinite(v) ? std::clamp(v, -ConvLimits::kMaxValue, ConvLimits::kMaxValue) : 0.0;
        }
    return out;
}

// A factor of a product: negative numbers in brackets, "(−1)·2".
QString factor(double v) {
    const QString s = ConvArithmetic::number(v);
    return v < 0 ? '(' + s + ')' : s;
}

}  // namespace

ConvProblem ConvProblem::clamped() const {
    ConvProblem p = *this;
    const int n = std::clamp(int(std::max(input.rows(), input.cols())), 1, ConvLimits::kMaxInput);
    const int k = std::clamp(int(std::max(kernel.rows(), kernel.cols())), 1, ConvLimits::kMaxKernel);
    p.input = squared(input, n);
    p.kernel = squared(kernel, k);
    p.stride = std::clamp(stride, 1, ConvLimits::kMaxStride);
    p.padding = mode == ConvMode::Convolution ? std::clamp(padding, 0, ConvLimits::kMaxPadding) : 0;
    return p;
}

ConvProblem ConvProblem::seedExample() {
    ConvProblem p;
    p.input.resize(4, 4);
    p.input << 1, 2, 2, 1,  //
        3, 2, 1, 0,         //
        1, 2, 3, 4,         //
        3, 1, 1, 3;
    p.kernel.resize(2, 2);
    p.kernel << 1, 2,  //
        2, 1;
    return p;
}

ConvArithmetic::ConvArithmetic(const ConvProblem& problem) : m_p(problem.clamped()) {
    const int n = m_p.n(), k = m_p.k(), s = m_p.stride, p = m_p.padding;
    if (n + 2 * p < k) return;  // the engine's side formula would truncate a negative numerator towards zero
    m_side = (n + 2 * p - k) / s + 1;
    if (m_p.mode == ConvMode::Convolution) {
        m_out = engine::crossCorrelate(m_p.input, m_p.kernel, s, p);
        return;
    }
    // Pooling: the engine's own layer, one channel, one sample (the image row by row in one column).
    engine::LayerLayout L;
    L.spec = m_p.mode == ConvMode::MaxPool ? engine::LayerSpec::maxPool(k, s) : engine::LayerSpec::avgPool(k, s);
    L.in = {1, n, n};
    L.out = {1, m_side, m_side};
    Mat in(n * n, 1), z, a;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) in(r * n + c, 0) = m_p.input(r, c);
    engine::LayerScratch<double> scratch;
    engine::layerForward<double>(L, nullptr, in, z, a, scratch);
    m_out.resize(m_side, m_side);
    for (int r = 0; r < m_side; ++r)
        for (int c = 0; c < m_side; ++c) m_out(r, c) = z(r * m_side + c, 0);
    if (m_p.mode == ConvMode::MaxPool)
        for (engine::Index won : scratch.won) m_won.push_back(QPoint(int(won % n) + p, int(won / n) + p));
}

QString ConvArithmetic::problemText() const {
    if (fits()) return {};
    const int n = m_p.n(), k = m_p.k(), p = m_p.padding;
    return tr("The %1×%1 %2 does not fit in the padded input (%3 + 2·%4 = %5 cells a side), so there is no output. "
              "Make the %2 smaller or add padding.")
        .arg(k)
        .arg(m_p.mode == ConvMode::Convolution ? tr("kernel") : tr("window"))
        .arg(n)
        .arg(p)
        .arg(n + 2 * p);
}

QString ConvArithmetic::sizeFormula() const {
    const int n = m_p.n(), k = m_p.k(), s = m_p.stride, p = m_p.padding;
    const QString head = QStringLiteral("⌊(%1 + 2·%2 − %3)/%4⌋ + 1").arg(n).arg(p).arg(k).arg(s);
    if (!fits()) return head + tr(" ≤ 0: no output");
    return head + QStringLiteral(" = %1").arg(m_side);
}

bool ConvArithmetic::isPadding(int row, int col) const {
    const int p = m_p.padding, n = m_p.n();
    return row < p || col < p || row >= n + p || col >= n + p;
}

double ConvArithmetic::paddedValue(int row, int col) const {
    if (row < 0 || col < 0 || row >= paddedSide() || col >= paddedSide() || isPadding(row, col)) return 0;
    return m_p.input(row - m_p.padding, col - m_p.padding);
}

QPoint ConvArithmetic::winner(int row, int col) const {
    const std::size_t i = std::size_t(row) * std::size_t(m_side) + std::size_t(col);
    if (m_p.mode != ConvMode::MaxPool || row < 0 || col < 0 || row >= m_side || col >= m_side || i >= m_won.size())
        return {-1, -1};
    return m_won[i];
}

QString ConvArithmetic::cellText(int row, int col) const {
    if (!fits() || row < 0 || col < 0 || row >= m_side || col >= m_side) return {};
    const QPoint o = windowOrigin(row, col);
    const int k = m_p.k();
    QStringList terms;
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) {
            const double x = paddedValue(o.y() + i, o.x() + j);
            terms << (m_p.mode == ConvMode::Convolution ? factor(x) + QStringLiteral("·") + factor(m_p.kernel(i, j))
                                                        : number(x));
        }
    const QString result = number(m_out(row, col));
    switch (m_p.mode) {
    case ConvMode::Convolution: return terms.join(QStringLiteral(" + ")) + QStringLiteral(" = ") + result;
    case ConvMode::MaxPool: return QStringLiteral("max(%1) = %2").arg(terms.join(QStringLiteral(", ")), result);
    case ConvMode::AvgPool:
        return QStringLiteral("(%1) / %2 = %3").arg(terms.join(QStringLiteral(" + "))).arg(k * k).arg(result);
    }
    return {};
}

double ConvArithmetic::termsValue(int row, int col) const {
    if (!fits() || row < 0 || col < 0 || row >= m_side || col >= m_side) return 0;
    const QPoint o = windowOrigin(row, col);
    const int k = m_p.k();
    double sum = 0, best = -INFINITY;
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) {
            const double x = paddedValue(o.y() + i, o.x() + j);
            sum += m_p.mode == ConvMode::Convolution ? x * m_p.kernel(i, j) : x;
            best = std::max(best, x);
        }
    if (m_p.mode == ConvMode::MaxPool) return best;
    return m_p.mode == ConvMode::AvgPool ? sum / (k * k) : sum;
}

QString ConvArithmetic::number(double v) {
    if (!std::isfinite(v)) return QStringLiteral("?");
    QString s;
    if (std::abs(v - std::round(v)) < 1e-9) s = QString::number(std::llround(v));
    else {
        s = QString::number(v, 'f', 3);
        while (s.endsWith('0')) s.chop(1);
        if (s.endsWith('.')) s.chop(1);
    }
    if (s == QLatin1String("-0")) s = QStringLiteral("0");
    return s.replace('-', QStringLiteral("−"));
}

}  // namespace widgets
