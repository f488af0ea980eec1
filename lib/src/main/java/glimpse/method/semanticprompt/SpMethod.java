package glimpse.method.semanticprompt;

import glimpse.fewshot.EpisodicModel;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Which model the meta-tuning trains (arXiv 2303.14123 §3.3 and the ablations of §4.3): the
 * baseline (same Visformer, same meta-tuning, supports never see a text) or Semantic Prompt with
 * its interactions (spatial SI, channel CI), the last-stage block it enters before, the pooling of
 * the support tokens and the text projection.
 *
 * @param beforeBlock last-stage block index the prompt enters before; −1 = the paper's choice, the
 *                    second-to-last block ("layer3-2" of Visformer-tiny's four)
 */
@RecordBuilder
public record SpMethod(boolean prompt, boolean spatial, boolean channel, int beforeBlock, SpNet.Pooling pooling,
                       SemanticPrompt.Projection projection) implements SpMethodBuilder.With {
    public SpMethod {
        if (prompt && !spatial && !channel) throw new IllegalArgumentException("Semantic Prompt needs the spatial or the channel interaction");
        if (pooling == SpNet.Pooling.HEAD && !spatial) throw new IllegalArgumentException("HEAD pooling needs the spatial interaction's prompt token");
    }

    /** The evaluation variant that encodes the trained SP model's supports without their prompt ({@link SpScoring.Variant#PROMPT_OFF}). */
    public static final glimpse.fewshot.EvaluationVariant PROMPT_OFF = SpScoring.Variant.PROMPT_OFF;

    /** Same backbone and meta-tuning, no text anywhere. */
    public static SpMethod baseline() { return new SpMethod(false, false, false, -1, SpNet.Pooling.ALL, SemanticPrompt.Projection.LINEAR); }

    /** The paper's default: both interactions, before the second-to-last block, All pooling, linear projections. */
    public static SpMethod paper() { return new SpMethod(true, true, true, -1, SpNet.Pooling.ALL, SemanticPrompt.Projection.LINEAR); }

    public SpMethod withInteractions(boolean si, boolean ci) { return with(b -> b.spatial(si).channel(ci)); }

    public String label() {
        if (!prompt) return "baseline (no text)";
        StringBuilder s = new StringBuilder("SP");
        if (!(spatial && channel)) s.append(spatial ? " SI only" : " CI only");
        if (beforeBlock >= 0) s.append(", before block ").append(beforeBlock);
        if (pooling != SpNet.Pooling.ALL) s.append(", ").append(pooling.name().charAt(0)).append(pooling.name().substring(1).toLowerCase()).append(" pooling");
        if (projection != SemanticPrompt.Projection.LINEAR) s.append(", MLP projection");
        return s.toString();
    }

    /** A fresh SP network on a fresh Visformer, for class vectors of width {@code textDim}. */
    public SpNet build(Visformer.Config backbone, int textDim) {
        SpNet.Config c = SpNet.Config.defaults(backbone, textDim);
        SemanticPrompt.Config p = c.prompt().withInteractions(prompt ? spatial : true, prompt ? channel : true).withProjection(projection);
        c = c.withPrompt(p).withPooling(prompt ? pooling : SpNet.Pooling.ALL);
        if (beforeBlock >= 0) c = c.withBeforeBlock(beforeBlock);
        return new SpNet(new Visformer(backbone), c);
    }

    /** What meta-tuning trains: the SP network, or for the baseline its prompt-off view (the Visformer alone, same cosine head). */
    public EpisodicModel trained(SpNet net) { return prompt ? net : net.promptOff(); }
}
