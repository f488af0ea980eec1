package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import glimpse.nn.Blocks;
import glimpse.nn.GridSample;

import java.util.random.RandomGenerator;

/**
 * TASN as one model (Zheng et al., CVPR 2019, §3, Fig. 2), so the shared trainer sees every parameter:
 * <pre>
 *   low   = resize(I, attentionInput)                     the attention net's low-resolution view
 *   X     = attention(low)          (B, c, h, w)           + auxiliary logits head(X)
 *   M     = trilinear(X)            (B, c, h, w)           detached: no gradient into the attention
 *   A_s   = up(Σ_c M_c)²                                   structure map (squared: sharper)
 *   A_d   = up(M_k), k uniform per image (training)        detail map; the sum at test
 *   I_s, I_d = sampler(I, A_s), sampler(I, A_d)            (B, C, out, out) from the ORIGINAL image
 *   f     = backbone(cat[I_d, I_s])                        ONE backbone, shared BN statistics
 *   part = partHead(f_d), master = masterHead(f_s), sharedHead(f_d), sharedHead(f_s)
 * </pre>
 * {@link #forward} (prediction) is the shared head on the structure image only: the part-net is a
 * teacher during training. {@link Sampling#UNIFORM} replaces both maps by uniform attention, which
 * with the clean sampler is a plain align-corners resize: the baseline that isolates the sampler.
 *
 * <p>Children (DJL names "01attention…" … "06sharedHead…"): attention, attentionHead, backbone,
 * partHead, masterHead, sharedHead.
 */
public final class Tasn extends AbstractBlock {
    /** Whether the sampler follows the attention or samples uniformly (the baseline). */
    public enum Sampling { ATTENTION, UNIFORM }

    /** The model's settings: attention-net input size, trilinear variant, sampler, sampling mode, classes. */
    public record Config(int attentionInput, TrilinearAttention trilinear, AttentionSampler sampler, Sampling sampling, int classes) {
        public Config {
            if (attentionInput < 8) throw new IllegalArgumentException("the attention input must be at least 8 px, not " + attentionInput);
            if (classes < 2) throw new IllegalArgumentException("TASN needs at least 2 classes, not " + classes);
        }
    }

    /** One training forward pass: every logit set and the two sampled images (part and detail entries null without the part-net). */
    public record Outputs(NDArray attentionLogits, NDArray partLogits, NDArray masterLogits,
                          NDArray sharedPartLogits, NDArray sharedMasterLogits, NDArray structureImages, NDArray detailImages) {}

    private final Config config;
    private final Block attention, attentionHead, backbone, partHead, masterHead, sharedHead;

    /** @param backbone the part/master backbone, ending in pooled features (B, d) */
    public Tasn(Config config, AttentionNet attentionNet, Block backbone) {
        this.config = config;
        this.attention = addChildBlock("attention", attentionNet.build());
        this.attentionHead = addChildBlock("attentionHead", AttentionNet.auxiliaryHead(config.classes()));
        this.backbone = addChildBlock("backbone", backbone);
        this.partHead = addChildBlock("partHead", Blocks.linearHead(config.classes()));
        this.masterHead = addChildBlock("masterHead", Blocks.linearHead(config.classes()));
        this.sharedHead = addChildBlock("sharedHead", Blocks.linearHead(config.classes()));
    }

    public Config config() { return config; }
    public Block attention() { return attention; }
    /** The shared part/master backbone (where pretrained weights go). */
    public Block backbone() { return backbone; }

    /** Training (or inspection) pass; {@code rng} picks each image's detail map when {@code training}. */
    public Outputs outputs(ParameterStore ps, NDArray images, boolean training, RandomGenerator rng) {
        return outputs(ps, images, training, rng, true);
    }

    /**
     * As above; without {@code detail} (no part-net) only the structure images go through the
     * backbone and the part logits, shared part logits and detail images are null.
     */
    public Outputs outputs(ParameterStore ps, NDArray images, boolean training, RandomGenerator rng, boolean detail) {
        if (config.sampling() == Sampling.UNIFORM) return uniformOutputs(ps, images, training, detail);
        NDArray x = attentionFeatures(ps, images, training);
        NDArray attentionLogits = attentionHead.forward(ps, new NDList(x), training).head();
        NDArray maps = config.trilinear().maps(x);
        NDArray structure = sample(images, structureMap(maps, images));
        if (!detail) {
            NDArray fs = backbone.forward(ps, new NDList(structure), training).head();
            return new Outputs(attentionLogits, null, masterHead.forward(ps, new NDList(fs), training).head(),
                    null, sharedHead.forward(ps, new NDList(fs), training).head(), structure, null);
        }
        return withDetail(ps, images, training, rng, attentionLogits, maps, structure);
    }

    /**
     * The baseline's pass: nothing downstream reads the maps, and the attention net (trained only by
     * its own cross-entropy) cannot change the backbone's training, so it is not run at all (null
     * attention logits; the attention-ce term is omitted), which makes the baseline's step the cost of
     * the backbone alone. With the part-net the detail image is the same uniform resize.
     */
    private Outputs uniformOutputs(ParameterStore ps, NDArray images, boolean training, boolean detail) {
        NDArray structure = uniformSample(images);
        if (!detail) {
            NDArray fs = backbone.forward(ps, new NDList(structure), training).head();
            return new Outputs(null, null, masterHead.forward(ps, new NDList(fs), training).head(),
                    null, sharedHead.forward(ps, new NDList(fs), training).head(), structure, null);
        }
        int b = (int) images.getShape().get(0);
        NDArray features = backbone.forward(ps, new NDList(structure.concat(structure, 0)), training).head();
        NDArray fd = features.get(new NDIndex("0:" + b)), fs = features.get(new NDIndex(b + ":"));
        NDArray shared = sharedHead.forward(ps, new NDList(features), training).head();
        return new Outputs(null, partHead.forward(ps, new NDList(fd), training).head(), masterHead.forward(ps, new NDList(fs), training).head(),
                shared.get(new NDIndex("0:" + b)), shared.get(new NDIndex(b + ":")), structure, structure);
    }

    private NDArray uniformSample(NDArray images) {
        Shape s = images.getShape();
        return config.sampler().sample(images, images.getManager().ones(new Shape(s.get(0), s.get(2), s.get(3)), images.getDataType(), images.getDevice()));
    }

    private Outputs withDetail(ParameterStore ps, NDArray images, boolean training, RandomGenerator rng, NDArray attentionLogits,
                               NDArray maps, NDArray structure) {
        NDArray detail = sample(images, detailMap(maps, images, training, rng));
        int b = (int) images.getShape().get(0);
        NDArray features = backbone.forward(ps, new NDList(detail.concat(structure, 0)), training).head();
        NDArray fd = features.get(new NDIndex("0:" + b)), fs = features.get(new NDIndex(b + ":"));
        NDArray shared = sharedHead.forward(ps, new NDList(features), training).head();
        return new Outputs(attentionLogits,
                partHead.forward(ps, new NDList(fd), training).head(), masterHead.forward(ps, new NDList(fs), training).head(),
                shared.get(new NDIndex("0:" + b)), shared.get(new NDIndex(b + ":")), structure, detail);
    }

    /** Prediction: the shared head on the structure image (the master path). */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        NDArray structure = config.sampling() == Sampling.UNIFORM ? uniformSample(images)
                : sample(images, structureMap(config.trilinear().maps(attentionFeatures(ps, images, training)), images));
        return sharedHead.forward(ps, backbone.forward(ps, new NDList(structure), training), training);
    }

    /** What the model looks at, for pictures (inference mode; the detail map is one drawn map, as in training). */
    public record Views(NDArray maps, NDArray structureMap, NDArray detailMap, NDArray uniform, NDArray structure, NDArray detail) {}

    /**
     * Attention maps M (B, c, h, w), structure map (B, H, W), one drawn detail map (B, H, W), and the
     * uniformly resized, structure-sampled and detail-sampled images (B, C, out, out) of {@code images}.
     */
    public Views views(ParameterStore ps, NDArray images, RandomGenerator rng) {
        NDArray maps = config.trilinear().maps(attentionFeatures(ps, images, false));
        NDArray s = structureMap(maps, images), d = detailMap(maps, images, true, rng);
        return new Views(maps, s, d, config.sampler().sample(images, s.onesLike()), sample(images, s), sample(images, d));
    }

    private NDArray attentionFeatures(ParameterStore ps, NDArray images, boolean training) {
        NDArray low = resizeTo(images, config.attentionInput());
        return attention.forward(ps, new NDList(low), training).head();
    }

    /** (Σ_c M_c upsampled to the image)²: (B, H, W). */
    public NDArray structureMap(NDArray maps, NDArray images) {
        NDArray up = upsample(maps.sum(new int[] {1}, true), images);
        return up.mul(up);
    }

    /** One map per image, drawn uniformly when training, else the sum; upsampled, not squared: (B, H, W). */
    public NDArray detailMap(NDArray maps, NDArray images, boolean training, RandomGenerator rng) {
        if (!training) return upsample(maps.sum(new int[] {1}, true), images);
        long b = maps.getShape().get(0), c = maps.getShape().get(1);
        long[] pick = new long[(int) b];
        for (int n = 0; n < b; n++) pick[n] = n * c + rng.nextInt((int) c);
        NDManager m = maps.getManager();
        NDArray chosen = maps.reshape(b * c, 1, maps.getShape().get(2), maps.getShape().get(3))
                .get(m.create(pick).toDevice(maps.getDevice(), false));
        return upsample(chosen, images);
    }

    private NDArray sample(NDArray images, NDArray map) {
        NDArray attention = config.sampling() == Sampling.UNIFORM ? map.onesLike() : map;
        return config.sampler().sample(images, attention);
    }

    private static NDArray upsample(NDArray map, NDArray images) {
        Shape s = images.getShape();
        NDArray up = GridSample.resizeSeparable(map, (int) s.get(2), (int) s.get(3));
        return up.reshape(s.get(0), s.get(2), s.get(3));
    }

    private static NDArray resizeTo(NDArray images, int size) {
        Shape s = images.getShape();
        return s.get(2) == size && s.get(3) == size ? images : GridSample.resizeSeparable(images, size, size);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape low = new Shape(in.get(0), in.get(1), config.attentionInput(), config.attentionInput());
        attention.initialize(manager, dataType, low);
        attentionHead.initialize(manager, dataType, attention.getOutputShapes(new Shape[] {low}));
        Shape sampled = new Shape(in.get(0), in.get(1), config.sampler().out(), config.sampler().out());
        backbone.initialize(manager, dataType, sampled);
        Shape[] features = backbone.getOutputShapes(new Shape[] {sampled});
        for (Block head : new Block[] {partHead, masterHead, sharedHead}) head.initialize(manager, dataType, features);
    }
}
