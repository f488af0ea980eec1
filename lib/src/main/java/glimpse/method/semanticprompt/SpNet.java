package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import glimpse.fewshot.EpisodeInputs;
import glimpse.fewshot.EpisodicModel;
import glimpse.method.protonet.ProtoNet;

/**
 * Semantic Prompt's few-shot network (Chen et al., arXiv 2303.14123 §3): a {@link Visformer} whose
 * support images are steered by their class text through a {@link SemanticPrompt} inserted before
 * one block of the last stage; queries take the plain backbone (they never see a class text).
 * Logits: cos(query, prototype) / τ, prototype = mean of the prompted support features
 * ({@link CosinePrototypeLoss}).
 *
 * <p>Support features are pooled from the final tokens as {@link Pooling} says; queries always
 * average their patch tokens (they have no prompt). {@link #promptOff()} is the same backbone
 * without the prompt, for the ablation.
 */
public final class SpNet extends EpisodicModel {
    /** Which final tokens make a support feature: the patches and the prompt (the default), the patches, or the prompt alone. */
    public enum Pooling { ALL, PATCH, HEAD }

    /**
     * @param beforeBlock index of the last-stage block the prompt enters before (the paper's layer3-2 = index 2 of 4, the second-to-last)
     */
    public record Config(SemanticPrompt.Config prompt, int beforeBlock, Pooling pooling, float temperature) {
        public static Config defaults(Visformer.Config spec, int textDim) {
            return new Config(SemanticPrompt.Config.full(textDim, spec.featureDim()), spec.depth3() - 2, Pooling.ALL, CosinePrototypeLoss.TEMPERATURE);
        }
        public Config withPrompt(SemanticPrompt.Config v) { return new Config(v, beforeBlock, pooling, temperature); }
        public Config withBeforeBlock(int v) { return new Config(prompt, v, pooling, temperature); }
        public Config withPooling(Pooling v) { return new Config(prompt, beforeBlock, v, temperature); }
    }

    private final Visformer visformer;
    private final SemanticPrompt prompt;
    private final Config config;

    public SpNet(Visformer backbone, Config config) {
        super(backbone);
        if (config.beforeBlock() < 0 || config.beforeBlock() >= backbone.spec().depth3())
            throw new IllegalArgumentException("the prompt goes before a last-stage block 0.." + (backbone.spec().depth3() - 1) + ", not " + config.beforeBlock());
        if (config.prompt().dim() != backbone.spec().featureDim())
            throw new IllegalArgumentException("prompt width " + config.prompt().dim() + " ≠ the last stage's " + backbone.spec().featureDim());
        if (!config.prompt().spatial() && config.pooling() != Pooling.PATCH && config.pooling() != Pooling.ALL)
            throw new IllegalArgumentException("HEAD pooling needs the spatial interaction (the prompt token)");
        this.visformer = backbone;
        this.config = config;
        this.prompt = addChildBlock("semanticPrompt", new SemanticPrompt(config.prompt()));
    }

    public Config config() { return config; }
    public SemanticPrompt semanticPrompt() { return prompt; }
    public Visformer visformer() { return visformer; }

    @Override public boolean supportDependsOnEpisode() { return true; }

    @Override
    public NDArray encodeSupport(ParameterStore ps, EpisodeInputs episode, boolean training) {
        NDArray classVectors = episode.requireClassVectors("Semantic Prompt");
        NDArray index = classVectors.getManager().create(episode.supportLabels()).toType(DataType.INT64, false).toDevice(classVectors.getDevice(), false);
        return encodeWithText(ps, episode.support(), classVectors.get(new NDIndex("{}", index)), training);
    }

    /** Support features of images (n, C, H, W) each prompted with its own text vector (n, d). */
    public NDArray encodeWithText(ParameterStore ps, NDArray images, NDArray texts, boolean training) {
        NDArray tokens = visformer.lastStageInput(ps, images, config.beforeBlock(), training);
        NDArray prompted = prompt.forward(ps, new NDList(tokens, texts), training).head();
        return pool(visformer.finish(ps, prompted, config.beforeBlock(), training), config.prompt().spatial() ? 1 : 0, config.pooling());
    }

    /** Pooling of final tokens (B, T, C) whose last {@code promptTokens} (0 or 1) are the prompt. */
    public static NDArray pool(NDArray tokens, int promptTokens, Pooling pooling) {
        long t = tokens.getShape().get(1), patches = t - promptTokens;
        return switch (pooling) {
            case ALL -> tokens.mean(new int[] {1});
            case PATCH -> tokens.get(new NDIndex(":, 0:{}, :", patches)).mean(new int[] {1});
            case HEAD -> {
                if (promptTokens == 0) throw new IllegalArgumentException("HEAD pooling with no prompt token");
                yield tokens.get(new NDIndex(":, {}, :", patches));
            }
        };
    }

    @Override
    public NDArray logits(ParameterStore ps, NDArray supportFeatures, int[] supportLabels, int ways, NDArray queryFeatures, boolean training) {
        return CosinePrototypeLoss.logits(queryFeatures, ProtoNet.prototypes(supportFeatures, supportLabels, ways), config.temperature());
    }

    /** The same backbone encoding supports without any prompt, scored the same way: the "prompt off" row of the ablation. */
    public EpisodicModel promptOff() { return new PromptOff(backbone, config.temperature()); }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        long d = inputShapes.length > 4 ? inputShapes[4].get(1) : config.prompt().textDim();
        Shape tokens = new Shape(inputShapes[0].get(0), visformer.spec().lastStageTokens(), visformer.spec().featureDim());
        prompt.initialize(manager, dataType, tokens, new Shape(inputShapes[0].get(0), d));
    }

    /** Shares the backbone's parameters; do not initialise it (initialise the SpNet). */
    static final class PromptOff extends EpisodicModel {
        private final float temperature;

        PromptOff(Block backbone, float temperature) {
            super(backbone);
            this.temperature = temperature;
        }

        @Override
        public NDArray logits(ParameterStore ps, NDArray supportFeatures, int[] supportLabels, int ways, NDArray queryFeatures, boolean training) {
            return CosinePrototypeLoss.logits(queryFeatures, ProtoNet.prototypes(supportFeatures, supportLabels, ways), temperature);
        }
    }
}
