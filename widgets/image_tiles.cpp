#include "widgets/image_tiles.h"
#include "widgets/drawing/palette.h"
#include <QFontMetrics>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace widgets {
namespace {
constexpr int kGap = 8;
}

ImageTiles::ImageTiles(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    QSizePolicy p(QSizePolicy::Preferred, QSizePolicy::Preferred);
    p.setHeightForWidth(true);
    setSizePolicy(p);
}

void ImageTiles::setTiles(std::vector<ImageTile> tiles, TileScale scale) {
    m_tiles = std::move(tiles);
    m_scale = scale;
    float m = 0;
    for (const ImageTile& t : m_tiles)
        if (t.values.size()) {
            const float v = scale == TileScale::Signed ? t.values.cwiseAbs().maxCoeff() : t.values.maxCoeff();
            if (std::isfinite(v)) m = std::max(m, v);
        }
    m_max = m > 0 ? m : 1;
    m_images.clear();
    m_images.reserve(m_tiles.size());
    for (const ImageTile& t : m_tiles) {
        QImage img(int(t.values.cols()), int(t.values.rows()), QImage::Format_RGB32);
        for (int y = 0; y < img.height(); ++y) {
            auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
            for (int x = 0; x < img.width(); ++x) {
                const float v = t.values(y, x);
                if (!std::isfinite(v)) line[x] = qRgb(255, 0, 255);
                else if (scale == TileScale::Signed) line[x] = divergingColor(double(v / m_max)).rgb();
                else {
                    const int g = 255 - int(std::clamp(v / m_max, 0.0f, 1.0f) * 255.0f + 0.5f);
                    line[x] = qRgb(g, g, g);
                }
            }
        }
        m_images.push_back(std::move(img));
    }
    updateHeight();
    update();
}

void ImageTiles::setTileSide(int px) {
    m_side = std::max(8, px);
    updateHeight();
    update();
}

void ImageTiles::setEmptyMessage(const QString& m) {
    m_empty = m;
    update();
}

void ImageTiles::setSelectedId(int id) {
    if (id == m_selected) return;
    m_selected = id;
    update();
}

int ImageTiles::indexOfId(int id) const {
    for (std::size_t i = 0; i < m_tiles.size(); ++i)
        if (m_tiles[i].id == id) return int(i);
    return -1;
}

int ImageTiles::captionHeight() const {
    bool any = false;
    for (const ImageTile& t : m_tiles) any = any || !t.caption.isEmpty();
    return any ? QFontMetrics(font()).height() + 2 : 0;
}

// The side drawn: larger in presenter mode, with the other views' lines and points.
int ImageTiles::side() const { return int(m_side * std::max(1.0, viewScale())); }

int ImageTiles::columns(int width) const { return std::max(1, (width - kGap) / (side() + kGap)); }

int ImageTiles::heightForWidth(int w) const {
    if (m_tiles.empty()) return QFontMetrics(font()).height() * 3;
    const int rows = (int(m_tiles.size()) + columns(w) - 1) / columns(w);
    return kGap + rows * (side() + captionHeight() + kGap);
}

QSize ImageTiles::sizeHint() const {
    const int w = kGap + 6 * (side() + kGap);
    return {w, heightForWidth(w)};
}

void ImageTiles::updateHeight() {
    setMinimumHeight(heightForWidth(std::max(width(), side() + 2 * kGap)));
    updateGeometry();
}

void ImageTiles::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    const int h = heightForWidth(width());
    if (minimumHeight() != h) setMinimumHeight(h);
}

void ImageTiles::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::FontChange) updateHeight();
}

QRect ImageTiles::tileRect(int index) const {
    const int cols = columns(width());
    const int r = index / cols, c = index % cols;
    return {kGap + c * (side() + kGap), kGap + r * (side() + captionHeight() + kGap), side(), side()};
}

void ImageTiles::paintEvent(QPaintEvent* e) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (m_tiles.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(kGap, kGap, -kGap, -kGap), Qt::AlignCenter | Qt::TextWordWrap, m_empty);
        return;
    }
    const int ch = captionHeight();
    for (int i = 0; i < tileCount(); ++i) {
        const ImageTile& t = m_tiles[std::size_t(i)];
        const QRect r = tileRect(i);
        if (r.top() > height()) break;
        if (!e->rect().intersects(r.adjusted(-kGap, -kGap, kGap, kGap + ch))) continue;  // off screen in its scroll area
        const QImage& img = m_images[std::size_t(i)];
        if (!img.isNull()) p.drawImage(r, img);  // nearest neighbour: each value a clear square
        p.setPen(QPen(palette().color(QPalette::Mid), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(0, 0, -1, -1));
        if (t.marked) {
            p.setPen(QPen(QColor(215, 25, 28), 3));
            p.drawRect(r.adjusted(1, 1, -2, -2));
        }
        if (t.id == m_selected && m_selected >= 0) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 3));
            p.drawRect(r.adjusted(-3, -3, 2, 2));
        }
        if (ch) {
            p.setPen(t.marked ? QColor(200, 20, 20) : palette().color(QPalette::Text));
            const QRect cr(r.left() - kGap / 2, r.bottom() + 1, r.width() + kGap, ch);
            p.drawText(cr, Qt::AlignHCenter | Qt::AlignTop,
                       QFontMetrics(font()).elidedText(t.caption, Qt::ElideRight, cr.width()));
        }
    }
}

void ImageTiles::mousePressEvent(QMouseEvent* e) {
    setFocus(Qt::MouseFocusReason);
    for (int i = 0; i < tileCount(); ++i)
        if (tileRect(i).adjusted(-2, -2, 2, 2).contains(e->position().toPoint())) {
            m_selected = m_tiles[std::size_t(i)].id;
            update();
            emit tileClicked(m_selected);
            return;
        }
}

void ImageTiles::keyPressEvent(QKeyEvent* e) {
    if (m_tiles.empty()) return QWidget::keyPressEvent(e);
    int i = std::max(0, indexOfId(m_selected));
    const int cols = columns(width());
    switch (e->key()) {
    case Qt::Key_Right: i = std::min(tileCount() - 1, i + 1); break;
    case Qt::Key_Left: i = std::max(0, i - 1); break;
    case Qt::Key_Down: i = std::min(tileCount() - 1, i + cols); break;
    case Qt::Key_Up: i = std::max(0, i - cols); break;
    case Qt::Key_Home: i = 0; break;
    case Qt::Key_End: i = tileCount() - 1; break;
    default: return QWidget::keyPressEvent(e);
    }
    m_selected = m_tiles[std::size_t(i)].id;
    update();
    emit tileClicked(m_selected);
}

}  // namespace widgets
