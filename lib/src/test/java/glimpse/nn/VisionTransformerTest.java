package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static glimpse.nn.TransformerReference.gaussian;
import static org.junit.jupiter.api.Assertions.*;

/** The ViT builder: hand-counted parameters, output shapes, and each output read off the tokens. */
class VisionTransformerTest {
    static final int B = 2, IMAGE = 32, PATCH = 4, DIM = 64, DEPTH = 2, HEADS = 4;

    static VisionTransformer.Builder irtSized() {
        return VisionTransformer.builder().image(IMAGE, PATCH)
                .encoder(DEPTH, TransformerEncoderLayer.Config.preNormGelu(DIM, HEADS, 2.0)).classToken(true);
    }

    static VisionTransformer initialized(NDManager m, VisionTransformer vit) {
        vit.initialize(m, DataType.FLOAT32, new Shape(B, 3, IMAGE, IMAGE));
        return vit;
    }

    @Test
    void parameterCountIsTheHandCount() {
        // embed 64, depth 2, 4 heads, patch 4 on 32 px (8×8 = 64 patches), MLP ratio 2 (hidden 128), 3 input channels:
        //   patch embedding  64·3·4·4 + 64             =  3 136
        //   class token      64                        =     64
        //   positions        (1 + 64)·64               =  4 160
        //   per layer: norm1 2·64 = 128, qkv 64·192 + 192 = 12 480, output 64·64 + 64 = 4 160,
        //              norm2 128, mlpHidden 64·128 + 128 = 8 320, mlpOutput 128·64 + 64 = 8 256  → 33 472
        //   2 layers                                   = 66 944
        //   final norm       2·64                      =    128
        //   total                                      = 74 432
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = initialized(m, irtSized().build());
            assertEquals(74_432, Blocks.parameterCount(vit));
            assertEquals(65, vit.sequenceLength());
            var names = Blocks.parameterNames(vit);
            assertTrue(names.containsAll(java.util.List.of("classToken", "positions", "01patchEmbedding_weight",
                    "02layer0_02attention_01qkv_weight", "03layer1_05mlpOutput_bias", "04finalNorm_gamma")), names.toString());
            // without the class token: 64 fewer (token) and 64 fewer (its position row)
            assertEquals(74_432 - 128, Blocks.parameterCount(initialized(m, irtSized().classToken(false).output(BackboneOutput.POOLED).build())));
        }
    }

    @Test
    void eachOutputHasItsShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape images = new Shape(B, 3, IMAGE, IMAGE);
            assertEquals(new Shape(B, 65, DIM), irtSized().output(BackboneOutput.TOKENS).build().getOutputShapes(new Shape[] {images})[0]);
            assertEquals(new Shape(B, DIM), irtSized().output(BackboneOutput.CLS).build().getOutputShapes(new Shape[] {images})[0]);
            assertEquals(new Shape(B, DIM), irtSized().output(BackboneOutput.POOLED).build().getOutputShapes(new Shape[] {images})[0]);
            assertEquals(new Shape(B, DIM, 8, 8), irtSized().output(BackboneOutput.MAP).build().getOutputShapes(new Shape[] {images})[0]);
            VisionTransformer vit = initialized(m, irtSized().output(BackboneOutput.MAP).build());
            NDArray out = vit.forward(new ParameterStore(m, false), new NDList(m.create(gaussian(B * 3 * IMAGE * IMAGE, 1), images)), false).head();
            assertEquals(new Shape(B, DIM, 8, 8), out.getShape());
        }
    }

    @Test
    void clsPooledAndMapAreReadOffTheSameTokens() {
        // One network, four outputs: copy the parameters of the TOKENS network into the others, then
        // CLS = token 0, POOLED = mean of tokens 1..64, MAP[b][c][r][col] = token 1 + 8r + col, channel c.
        try (NDManager m = NDManager.newBaseManager()) {
            Shape images = new Shape(B, 3, IMAGE, IMAGE);
            NDArray x = m.create(gaussian(B * 3 * IMAGE * IMAGE, 2), images);
            VisionTransformer tokensNet = initialized(m, irtSized().output(BackboneOutput.TOKENS).build());
            var w = TransformerReference.randomizeParameters(tokensNet, 3);
            float[] tokens = run(m, tokensNet, x);
            int t = 65;
            float[] cls = run(m, copy(m, irtSized().output(BackboneOutput.CLS).build(), w), x);
            float[] pooled = run(m, copy(m, irtSized().output(BackboneOutput.POOLED).build(), w), x);
            float[] map = run(m, copy(m, irtSized().output(BackboneOutput.MAP).build(), w), x);
            for (int b = 0; b < B; b++)
                for (int c = 0; c < DIM; c++) {
                    assertEquals(tokens[(b * t) * DIM + c], cls[b * DIM + c], 0f);
                    double mean = 0;
                    for (int p = 1; p <= 64; p++) mean += tokens[(b * t + p) * DIM + c] / 64.0;
                    assertEquals(mean, pooled[b * DIM + c], 1e-5);
                    for (int r = 0; r < 8; r++)
                        for (int col = 0; col < 8; col++)
                            assertEquals(tokens[(b * t + 1 + 8 * r + col) * DIM + c], map[((b * DIM + c) * 8 + r) * 8 + col], 0f);
                }
        }
    }

    static VisionTransformer copy(NDManager m, VisionTransformer vit, java.util.Map<String, float[]> w) {
        initialized(m, vit);
        for (var e : w.entrySet()) vit.getParameters().get(e.getKey()).getArray().set(e.getValue());
        return vit;
    }

    static float[] run(NDManager m, VisionTransformer vit, NDArray images, NDArray... extra) {
        NDList in = new NDList(images);
        for (NDArray e : extra) in.add(e);
        return vit.forward(new ParameterStore(m, false), in, false).head().toFloatArray();
    }

    @Test
    void patchTokensComeFromTheirOwnPatchRowMajor() {
        // Position rows and class token zero, a single layer whose branches add 0 and no final norm:
        // the TOKENS output is then the patch embedding itself, so changing a pixel of patch (r, c)
        // changes token r·8 + c (no class token) and no other.
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = initialized(m, VisionTransformer.builder().image(IMAGE, PATCH)
                    .encoder(1, TransformerEncoderLayer.Config.preNormGelu(DIM, HEADS, 2.0)).finalNorm(false).build());
            for (var p : vit.getParameters())
                if (p.getKey().equals("positions") || p.getKey().contains("attention_02output") || p.getKey().contains("mlpOutput"))
                    p.getValue().getArray().set(new float[(int) p.getValue().getArray().size()]);
            float[] pixels = gaussian(B * 3 * IMAGE * IMAGE, 4);
            float[] before = run(m, vit, m.create(pixels, new Shape(B, 3, IMAGE, IMAGE)));
            int row = 5, col = 2;                                  // pixel (22, 9) of image 1, channel 1 lies in patch (5, 2)
            pixels[((1 * 3 + 1) * IMAGE + 22) * IMAGE + 9] += 1f;
            float[] after = run(m, vit, m.create(pixels, new Shape(B, 3, IMAGE, IMAGE)));
            for (int b = 0; b < B; b++)
                for (int token = 0; token < 64; token++) {
                    boolean touched = b == 1 && token == row * 8 + col;
                    double change = 0;
                    for (int c = 0; c < DIM; c++) change += Math.abs(after[(b * 64 + token) * DIM + c] - before[(b * 64 + token) * DIM + c]);
                    if (touched) assertTrue(change > 1e-3, "the patch's own token changes");
                    else assertEquals(0.0, change, 0.0, "image " + b + " token " + token);
                }
        }
    }

    @Test
    void extraTokensAreAppendedAttendedAndTheirShapeIsChecked() {
        int prompts = 1;
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = irtSized().extraTokens(prompts, 1).output(BackboneOutput.TOKENS).build();
            vit.initialize(m, DataType.FLOAT32, new Shape(B, 3, IMAGE, IMAGE));
            assertEquals(66, vit.sequenceLength());
            assertEquals(74_432, Blocks.parameterCount(vit), "extra tokens come from the caller: no parameters");
            NDArray x = m.create(gaussian(B * 3 * IMAGE * IMAGE, 5), new Shape(B, 3, IMAGE, IMAGE));
            NDArray prompt = m.create(gaussian(B * prompts * DIM, 6), new Shape(B, prompts, DIM));
            // another prompt, not a multiple of this one: pre-norm would see 2·prompt exactly as prompt (LN is scale-free)
            NDArray otherPrompt = m.create(gaussian(B * prompts * DIM, 8), new Shape(B, prompts, DIM));
            float[] a = run(m, vit, x, prompt), b = run(m, vit, x, otherPrompt);
            assertEquals(B * 66 * DIM, a.length);
            boolean clsMoved = false;
            for (int c = 0; c < DIM; c++) clsMoved |= Math.abs(a[c] - b[c]) > 1e-4;
            assertTrue(clsMoved, "the class token attends to the prompt in layer 1");
            assertThrows(IllegalArgumentException.class, () -> run(m, vit, x));
            assertThrows(IllegalArgumentException.class, () -> run(m, vit, x, m.zeros(new Shape(B, 2, DIM))));
        }
    }

    @Test
    void gradientsReachTheClassTokenAndThePositionEmbedding() {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = initialized(m, irtSized().output(BackboneOutput.CLS).build());
            NDArray x = m.create(gaussian(B * 3 * IMAGE * IMAGE, 7), new Shape(B, 3, IMAGE, IMAGE));
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(vit.forward(new ParameterStore(m, false), new NDList(x), true).head().square().sum());
            }
            for (String name : new String[] {"classToken", "positions", "01patchEmbedding_weight"})
                assertTrue(vit.getParameters().get(name).getArray().getGradient().abs().sum().getFloat() > 0, name);
        }
    }

    @Test
    void theBuilderRejectsWhatCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> irtSized().image(32, 5).build());
        assertThrows(IllegalArgumentException.class, () -> irtSized().classToken(false).output(BackboneOutput.CLS).build());
        assertThrows(IllegalArgumentException.class, () -> irtSized().output(BackboneOutput.FLATTENED).build());
        assertThrows(IllegalArgumentException.class, () -> irtSized().extraTokens(1, DEPTH).build());
        assertThrows(IllegalArgumentException.class, () -> VisionTransformer.builder().image(32, 4).build());
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = initialized(m, irtSized().build());
            assertThrows(IllegalArgumentException.class, () -> run(m, vit, m.zeros(new Shape(B, 3, 28, 28))));
        }
    }
}
