// A grid of small images, each a matrix of values drawn as pixels with a caption under it: the gallery of samples,
// a layer's feature maps, a convolution's kernels, the first dense layer's weights. Values are drawn as ink on paper
// (0 white, the largest black) or, for weights and kernels, on the diverging scale of the other views (blue
// positive, orange negative, white zero; one scale for every tile, so tiles compare). A tile may be marked (a red
// frame: a misclassified sample); one may be selected (clicked, or Left/Right/Home/End with the keyboard).
#pragma once
#include <Eigen/Core>
#include <QImage>
#include <QString>
#include <QWidget>
#include <vector>

namespace widgets {

struct ImageTile {
    Eigen::MatrixXf values;  // height x width
    QString caption;
    bool marked = false;
    int id = -1;  // what tileClicked reports
};

enum class TileScale {
    Ink,    // 0 white .. the largest value over all tiles black (negative values white)
    Signed  // the diverging scale, symmetric around 0, by the largest magnitude over all tiles
};

class ImageTiles : public QWidget {
    Q_OBJECT
public:
    explicit ImageTiles(QWidget* parent = nullptr);

    void setTiles(std::vector<ImageTile> tiles, TileScale scale);
    void setTileSide(int px);              // the side of an image in pixels (a caption goes under it)
    void setEmptyMessage(const QString& m);  // shown when there is no tile
    void setSelectedId(int id);            // -1: none
    int selectedId() const { return m_selected; }
    int tileCount() const { return int(m_tiles.size()); }
    const ImageTile& tile(int index) const { return m_tiles[std::size_t(index)]; }
    QRect tileRect(int index) const;  // where tile `index` is drawn (its image, without the caption)
    int indexOfId(int id) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override;
    QSize sizeHint() const override;

signals:
    void tileClicked(int id);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;  // a new font (presenter mode, with a new view scale): a new height

private:
    int side() const;
    int columns(int width) const;
    int captionHeight() const;
    void updateHeight();

    std::vector<ImageTile> m_tiles;
    std::vector<QImage> m_images;  // each tile drawn once, when it is set (a paint only scales them)
    TileScale m_scale = TileScale::Ink;
    float m_max = 1;  // the scale: largest value (Ink) or magnitude (Signed) over all tiles
    int m_side = 56;
    int m_selected = -1;
    QString m_empty;
};

}  // namespace widgets
