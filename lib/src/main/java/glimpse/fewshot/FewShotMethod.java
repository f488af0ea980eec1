package glimpse.fewshot;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
import glimpse.data.ImageInput;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;

import java.util.List;

/**
 * A few-shot method as a plug-in of the few-shot pipeline ({@link FewShotExperiment}): a record of
 * the method's own hyperparameters that builds an {@link EpisodicModel} on a backbone. Adding a
 * method is one record; the pipeline does not know any method by name.
 *
 * <pre>{@code
 * record ProtoNetMethod(boolean flatMap) implements FewShotMethod {
 *     public String label() { return flatMap ? "ProtoNet (flat map)" : "ProtoNet"; }
 *     public boolean pooledBackbone() { return !flatMap; }
 *     public EpisodicModel build(Block backbone) { return new ProtoNet(backbone); }
 * }
 * }</pre>
 */
public interface FewShotMethod {
    /** The method's name in tables. */
    String label();

    /** Whether the backbone should end with global pooling (false: the method needs the spatial map). */
    boolean pooledBackbone();

    /** A fresh, uninitialised model on {@code backbone}. */
    EpisodicModel build(Block backbone);

    /**
     * The evaluation-time variants of a trained model this method offers (e.g. CTX's attention off),
     * accepted by {@link #variant}. A variant shares the trained backbone and weights; nothing is changed in place.
     */
    default List<EvaluationVariant> variants() { return List.of(); }

    /** The variant {@code v} of {@code trained}. */
    default EpisodicModel variant(EpisodicModel trained, EvaluationVariant v) {
        throw new IllegalArgumentException(unknown(v));
    }

    /** The error for a variant this method does not offer. */
    default String unknown(EvaluationVariant v) {
        return label() + " has no evaluation variant '" + v.label() + "'; it has " + variants().stream().map(EvaluationVariant::label).toList();
    }

    /**
     * Something to look at after training, stored with the outcome as JSON (CTX: where a query
     * attends on one test episode, its images made into {@code input}); null when the method has nothing to show.
     */
    default JsonElement inspect(EpisodicModel trained, NDManager manager, ImageSet test, ImageInput input, Episode shown) { return null; }
}
