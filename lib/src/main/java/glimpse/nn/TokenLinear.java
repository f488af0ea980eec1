package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * A {@link Linear} applied to tokens (B, T, C) as one (B·T, C) matrix, the result viewed back as
 * (B, T, units): the same function, computed with the bias inside the matrix product.
 *
 * <p><b>Why.</b> DJL's PyTorch engine runs libtorch's C++-frontend {@code linear}, which fuses the
 * bias into the product ({@code addmm}) only for 2-D input; on 3-D tokens it runs {@code matmul}
 * and then a separate in-place bias add over the whole output, whose backward is one more
 * broadcast reduction (PyTorch's Python {@code nn.Linear} folds contiguous 3-D input to 2-D
 * itself, so the PyTorch peer of the bench already takes the fused path). Thread CPU time of
 * forward + backward on a (64, 65, C) token batch, one intra-op thread: 128→512 49 → 45 ms,
 * 128→384 36 → 32 ms, 512→128 39 → 37 ms. On the bench's whole small-ViT training step (batch 64)
 * that is about 3 % (fastest of 8 steps, two runs each: 563–586 → 546–572 ms of thread CPU; means
 * move ±15 % with the machine's load). Viewing contiguous tokens as rows costs nothing;
 * non-contiguous tokens are copied once, as matmul would copy them anyway.
 *
 * <p>Numbers: the products are the same; only the point where the bias joins the sum moves into
 * the BLAS kernel. Measured: bit-identical outputs for C = 128 → 512 and 128 → 384; for 512 → 128
 * (a reduction long enough for the kernel to block it) differences of float round-off, max 1.5e-5
 * on outputs of standard deviation ≈ 23. Without a bias the call is the same matrix product as before.
 */
final class TokenLinear {
    private TokenLinear() {}

    /** {@code linear} on tokens (B, T, C) → (B, T, units); any other rank goes to the block unchanged. */
    static NDArray apply(Linear linear, ParameterStore ps, NDArray tokens, boolean training) {
        Shape s = tokens.getShape();
        if (s.dimension() != 3) return linear.forward(ps, new NDList(tokens), training).head();
        NDArray rows = tokens.reshape(s.get(0) * s.get(1), s.get(2));
        NDArray out = linear.forward(ps, new NDList(rows), training).head();
        return out.reshape(s.get(0), s.get(1), out.getShape().get(1));
    }
}
