package glimpse.report;

import glimpse.data.ImageSet;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The CTX attention picture: one row per chosen query position — the query with that cell outlined,
 * then each support image of its class with the attention it receives painted in red (opacity ∝
 * weight, scaled to the row's largest weight) and the row's share of mass per image written below.
 */
public final class AttentionFigure {
    private AttentionFigure() {}

    public static BufferedImage draw(ImageSet set, AttentionExample ex, int[] positions, int scale) {
        int side = set.height() * scale, gap = 8, cols = 1 + ex.supportImages().length, width = cols * (side + gap) + gap;
        int px = Figures.labelPx(width), label = px + 6;   // text the page's size however much a browser shrinks the picture
        BufferedImage out = new BufferedImage(width, positions.length * (side + label + gap) + gap + label, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, px));
        g.setColor(Color.DARK_GRAY);
        g.drawString("query (cell p)", gap, label - 4);
        for (int j = 0; j < ex.supportImages().length; j++) g.drawString("support " + (j + 1), gap + (j + 1) * (side + gap), label - 4);
        double cellH = side / (double) ex.mapHeight(), cellW = side / (double) ex.mapWidth();
        for (int r = 0; r < positions.length; r++) {
            int p = positions[r], y0 = label + r * (side + label + gap);
            g.drawImage(Figures.toImage(set, ex.queryImage(), scale), gap, y0, null);
            g.setColor(new Color(0, 160, 255));
            g.setStroke(new BasicStroke(2f));
            g.drawRect(gap + (int) Math.round((p % ex.mapWidth()) * cellW), y0 + (int) Math.round((p / ex.mapWidth()) * cellH),
                    (int) Math.round(cellW), (int) Math.round(cellH));
            double max = 1e-12;
            for (double[] img : ex.weights()[p]) for (double v : img) max = Math.max(max, v);
            int supportSide = (int) Math.round(Math.sqrt(ex.weights()[p][0].length));
            double sCell = side / (double) supportSide;
            for (int j = 0; j < ex.supportImages().length; j++) {
                int x0 = gap + (j + 1) * (side + gap);
                g.drawImage(Figures.toImage(set, ex.supportImages()[j], scale), x0, y0, null);
                double mass = 0;
                for (int m = 0; m < ex.weights()[p][j].length; m++) {
                    double v = ex.weights()[p][j][m];
                    mass += v;
                    g.setColor(new Color(255, 0, 0, (int) Math.round(200 * v / max)));
                    g.fillRect(x0 + (int) Math.round((m % supportSide) * sCell), y0 + (int) Math.round((m / supportSide) * sCell),
                            (int) Math.ceil(sCell), (int) Math.ceil(sCell));
                }
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format("%.0f%%", 100 * mass), x0, y0 + side + px);
            }
        }
        g.dispose();
        return out;
    }
}
