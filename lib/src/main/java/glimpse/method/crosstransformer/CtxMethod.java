package glimpse.method.crosstransformer;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.fewshot.EpisodicModel;
import glimpse.fewshot.FewShotMethod;
import glimpse.fewshot.FewShotRecipe;
import glimpse.nn.FewShotBackbone;

import java.util.List;

/**
 * CrossTransformers as a few-shot plug-in: d_k and d_v of the key/query and value heads (the
 * paper's 128). Variant "attention off": the trained model with uniform attention; inspection:
 * the attention of the first query of the shown test episode ({@link AttentionExample}).
 */
public record CtxMethod(int keyDim, int valueDim) implements FewShotMethod {
    public static final String ATTENTION_OFF = "attention off";

    /** d_k = d_v = 128, the paper's. */
    public static CtxMethod paper() { return new CtxMethod(128, 128); }

    public CtxMethod withKeyDim(int dk) { return new CtxMethod(dk, valueDim); }

    /**
     * The CTX + SimCLR episodes training recipe of CrossTransformers (arXiv 2007.11498, its
     * implementation details), for a GPU: ResNet-34 with a dilated last stage (feed 224 px images)
     * or ResNet-12 (84 px); Adam 6e-4 decayed ×0.9152 every 2000 steps, weight decay 8.86e-5,
     * SimCLR episodes with p 0.5, 400k updates.
     */
    public static FewShotRecipe paperRecipe(FewShotBackbone backbone) {
        return FewShotRecipe.of(paper(), backbone, 400_000)
                .with(b -> b.training(t -> t.adam(6e-4f).weightDecay(8.86e-5f).stepDecay(2000, 0.9152f)).simclr(0.5, 0));
    }

    @Override public String label() { return keyDim == 128 ? "CTX" : "CTX (d_k=" + keyDim + ")"; }
    @Override public boolean pooledBackbone() { return false; }
    @Override public EpisodicModel build(Block backbone) { return new CrossTransformer(backbone, keyDim, valueDim); }
    @Override public List<String> variants() { return List.of(ATTENTION_OFF); }

    @Override
    public EpisodicModel variant(EpisodicModel trained, String name) {
        if (!name.equals(ATTENTION_OFF)) return FewShotMethod.super.variant(trained, name);
        return ((CrossTransformer) trained).uniformAttentionView();
    }

    @Override
    public JsonElement inspect(EpisodicModel trained, NDManager manager, ImageSet test, Episode shown) {
        return new Gson().toJsonTree(AttentionExample.of((CrossTransformer) trained, manager, test, shown, 0));
    }
}
