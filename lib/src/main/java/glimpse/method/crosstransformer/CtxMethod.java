package glimpse.method.crosstransformer;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
import glimpse.data.ImageInput;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.fewshot.EpisodicModel;
import glimpse.fewshot.EvaluationVariant;
import glimpse.fewshot.FewShotMethod;

import java.util.List;

/**
 * CrossTransformers as a few-shot plug-in: d_k and d_v of the key/query and value heads (the
 * paper's 128). Evaluation variant {@link #ATTENTION_OFF}: the trained model with uniform attention;
 * inspection: the attention of the first query of the shown test episode ({@link QueryAttention},
 * read back as {@code glimpse.report.AttentionExample}). Its recipes, CPU and paper scale: {@link CtxRecipe}.
 */
public record CtxMethod(int keyDim, int valueDim) implements FewShotMethod {

    /** CTX's evaluation variants. */
    public enum Variant implements EvaluationVariant {
        /** The same trained CTX with its key head zeroed: every support position of a class weighs 1/(K·HW). */
        ATTENTION_OFF("attention off");

        private final String label;
        Variant(String label) { this.label = label; }
        @Override public String label() { return label; }
    }

    /** {@link Variant#ATTENTION_OFF}. */
    public static final EvaluationVariant ATTENTION_OFF = Variant.ATTENTION_OFF;

    /** d_k = d_v = 128, the paper's. */
    public static CtxMethod paper() { return new CtxMethod(128, 128); }

    public CtxMethod withKeyDim(int dk) { return new CtxMethod(dk, valueDim); }

    @Override public String label() { return keyDim == 128 ? "CTX" : "CTX (d_k=" + keyDim + ")"; }
    @Override public boolean pooledBackbone() { return false; }
    @Override public EpisodicModel build(Block backbone) { return new CrossTransformer(backbone, keyDim, valueDim); }
    @Override public List<EvaluationVariant> variants() { return List.of(Variant.values()); }

    @Override
    public EpisodicModel variant(EpisodicModel trained, EvaluationVariant v) {
        if (v != Variant.ATTENTION_OFF) return FewShotMethod.super.variant(trained, v);
        return ((CrossTransformer) trained).uniformAttentionView();
    }

    @Override
    public JsonElement inspect(EpisodicModel trained, NDManager manager, ImageSet test, ImageInput input, Episode shown) {
        return QueryAttention.of((CrossTransformer) trained, manager, test, input, shown, 0);
    }
}
