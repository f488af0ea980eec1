package glimpse.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arithmetic that autograd records. Use {@code x.mul(Scalars.like(x, 2))},
 * never {@code x.mul(2)}, on any tensor a gradient flows through.
 *
 * <p><b>Why.</b> DJL's PyTorch engine implements every {@code NDArray op(Number)} overload
 * ({@code mul, div, pow, maximum, minimum, add, sub, ...}) by creating a 0-dim tensor with
 * {@code torch::from_blob} over a Java direct {@code ByteBuffer} and closing it right after the
 * op. PyTorch does not own that memory: the Java buffer does. But autograd keeps the scalar as a
 * saved tensor of the op whenever the backward needs it (mul: grad·other, div: grad/other,
 * maximum: the mask self &lt; other, pow: the exponent). Once the array is closed the buffer is
 * unreachable; a garbage collection between forward and backward lets the JDK's Cleaner free it,
 * and backward then reads freed memory: a wrong multiplier, Inf from a division, NaN. That was
 * issue 9 item 4, "the same seeded step sometimes has a non-finite gradient": CrossTransformer's
 * {@code scores.div(√d_k)} made the key head and the whole backbone NaN while the loss and the
 * value head stayed right, only in runs where a GC happened to fall inside a step's forward/backward
 * window (more likely on a loaded machine). {@code StepReplay} (test sources) replays such a step.
 *
 * <p>The tensor made here is allocated by PyTorch and reference-counted there, so autograd's saved
 * reference keeps it alive whatever the Java side does. It has {@code x}'s dtype, the type the
 * Number overload's scalar was cast to anyway, so results are bit-identical to the overload's.
 */
public final class Scalars {
    private Scalars() {}

    /**
     * A 0-dim tensor holding {@code value} with {@code x}'s dtype and device, in {@code x}'s manager,
     * in memory PyTorch allocated (a clone; the Java-buffer original is closed here, unused).
     */
    public static NDArray like(NDArray x, double value) {
        try (NDArray blob = x.getManager().create(value)) {              // float64 over a Java direct buffer
            NDArray owned = blob.toType(x.getDataType(), false);          // a conversion allocates in PyTorch...
            if (owned == blob) owned = blob.duplicate();                  // ...and so does a clone (float64 x)
            return owned.toDevice(x.getDevice(), false);
        }
    }
}
