package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resampling of an image batch at arbitrary positions: PyTorch's
 * {@code grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=True)},
 * which DJL lacks, written with {@link NDArray#gather} so that it is differentiable with respect to
 * the image (the grid is treated as a constant: no gradient reaches it).
 *
 * <p>Shapes: input (B, C, H, W), grid (B, H', W', 2) with {@code grid[..., 0] = x} (column) and
 * {@code grid[..., 1] = y} (row) in [−1, 1]; output (B, C, H', W'). With align-corners, −1 and +1
 * are the centres of the first and last pixel: pixel coordinate {@code p = (g + 1)(W − 1) / 2}.
 * Each output is Σ over the four neighbouring pixels of (bilinear weight × pixel value); a
 * neighbour outside the image contributes zero (zero padding), so a position one pixel outside the
 * border fades linearly to zero.
 */
public final class GridSample {
    private GridSample() {}

    public static NDArray bilinear(NDArray input, NDArray grid) {
        Shape in = input.getShape(), g = grid.getShape();
        if (in.dimension() != 4 || g.dimension() != 4 || g.get(3) != 2 || g.get(0) != in.get(0))
            throw new IllegalArgumentException("GridSample wants input (B, C, H, W) and grid (B, H', W', 2), got " + in + " and " + g);
        long b = in.get(0), c = in.get(1), h = in.get(2), w = in.get(3), outH = g.get(1), outW = g.get(2), n = outH * outW;
        // The grid is constant for autograd, so none of the index arithmetic below is recorded.
        NDArray coords = grid.stopGradient().toType(input.getDataType(), false).reshape(b, n, 2);
        NDArray px = toPixels(coords.get(new NDIndex(":, :, 0")), w);
        NDArray py = toPixels(coords.get(new NDIndex(":, :, 1")), h);
        NDArray x0 = px.floor(), y0 = py.floor();
        NDArray one = Scalars.like(px, 1);
        NDArray fx = px.sub(x0), fy = py.sub(y0);                      // (B, n) fractional parts
        NDArray x1 = x0.add(one), y1 = y0.add(one);
        NDArray flat = input.reshape(b, c, h * w);
        NDArray out = null;
        NDArray[][] corners = {
                {x0, y0, one.sub(fx).mul(one.sub(fy))}, {x1, y0, fx.mul(one.sub(fy))},
                {x0, y1, one.sub(fx).mul(fy)}, {x1, y1, fx.mul(fy)}};
        for (NDArray[] corner : corners) {
            NDArray term = corner(flat, corner[0], corner[1], corner[2], h, w, c);
            out = out == null ? term : out.add(term);
        }
        return out.reshape(b, c, outH, outW);
    }

    /** [−1, 1] → pixel coordinate with align-corners: (g + 1)·(size − 1)/2. */
    static NDArray toPixels(NDArray g, long size) {
        return g.add(Scalars.like(g, 1)).mul(Scalars.like(g, (size - 1) / 2.0));
    }

    /** One neighbour's contribution: weight · value, zero where the neighbour lies outside the image. */
    private static NDArray corner(NDArray flat, NDArray x, NDArray y, NDArray weight, long h, long w, long c) {
        NDArray inside = x.gte(Scalars.like(x, 0)).logicalAnd(x.lte(Scalars.like(x, w - 1)))
                .logicalAnd(y.gte(Scalars.like(y, 0))).logicalAnd(y.lte(Scalars.like(y, h - 1)));
        NDArray maskedWeight = weight.mul(inside.toType(weight.getDataType(), false));
        // clamped indices: an outside neighbour reads some border pixel and is multiplied by zero
        NDArray xi = x.toType(DataType.INT64, false).clip(0, w - 1);  // integer, never in the autograd path
        NDArray yi = y.toType(DataType.INT64, false).clip(0, h - 1);
        NDArray index = yi.mul(Scalars.like(yi, w)).add(xi);            // (B, n)
        long b = index.getShape().get(0), n = index.getShape().get(1);
        NDArray values = flat.gather(index.reshape(b, 1, n).broadcast(b, c, n), 2);   // (B, C, n)
        return values.mul(maskedWeight.reshape(b, 1, n));
    }

    /**
     * The grid that resamples an H×W image to outH×outW uniformly (align-corners bilinear resize):
     * x = −1 + 2j/(outW − 1), y = −1 + 2i/(outH − 1); a single output row or column sits at −1.
     */
    public static NDArray uniformGrid(ai.djl.ndarray.NDManager manager, long batch, int outH, int outW) {
        float[] data = new float[outH * outW * 2];
        for (int i = 0; i < outH; i++)
            for (int j = 0; j < outW; j++) {
                data[2 * (i * outW + j)] = outW == 1 ? -1f : -1f + 2f * j / (outW - 1);
                data[2 * (i * outW + j) + 1] = outH == 1 ? -1f : -1f + 2f * i / (outH - 1);
            }
        return manager.create(data, new Shape(1, outH, outW, 2)).repeat(0, batch);
    }

    /** Bilinear align-corners resize of (B, C, H, W) to (B, C, outH, outW): {@link #bilinear} on {@link #uniformGrid}. */
    public static NDArray resize(NDArray input, int outH, int outW) {
        NDArray grid = uniformGrid(input.getManager(), input.getShape().get(0), outH, outW).toDevice(input.getDevice(), false);
        return bilinear(input, grid);
    }

    /**
     * The same resize as {@link #resize} computed as two matrix products, R_y · X · R_xᵀ, with the
     * (out × in) align-corners bilinear interpolation matrices (row i holds 1 − f at ⌊p⌋ and f at
     * ⌊p⌋ + 1, p = i(in − 1)/(out − 1)): a separable resize is far cheaper than gathering four
     * neighbours per output pixel when upsampling small maps to a large image.
     */
    public static NDArray resizeSeparable(NDArray input, int outH, int outW) {
        Shape in = input.getShape();
        if (in.dimension() != 4) throw new IllegalArgumentException("resizeSeparable wants (B, C, H, W), got " + in);
        ai.djl.ndarray.NDManager m = input.getManager();
        NDArray ry = m.create(interpolation((int) in.get(2), outH), new Shape(outH, in.get(2))).toDevice(input.getDevice(), false);
        NDArray rxT = m.create(interpolation((int) in.get(3), outW), new Shape(outW, in.get(3))).transpose().toDevice(input.getDevice(), false);
        return ry.toType(input.getDataType(), false).matMul(input.matMul(rxT.toType(input.getDataType(), false)));
    }

    /** The (out × in) align-corners bilinear interpolation matrix, row-major. */
    static float[] interpolation(int in, int out) {
        float[] r = new float[out * in];
        for (int i = 0; i < out; i++) {
            double p = out == 1 || in == 1 ? 0 : i * (in - 1) / (double) (out - 1);
            int j = (int) Math.floor(p);
            double f = p - j;
            if (j >= in - 1) { r[i * in + in - 1] = 1; continue; }
            r[i * in + j] += (float) (1 - f);
            r[i * in + j + 1] += (float) f;
        }
        return r;
    }
}
