package glimpse.fewshot;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
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
     * Named evaluation-time variants of a trained model (e.g. "attention off"): names accepted by
     * {@link #variant}. A variant shares the trained backbone and weights; nothing is changed in place.
     */
    default List<String> variants() { return List.of(); }

    /** The variant {@code name} of {@code trained}. */
    default EpisodicModel variant(EpisodicModel trained, String name) {
        throw new IllegalArgumentException(label() + " has no evaluation variant '" + name + "'; it has " + variants());
    }

    /**
     * Something to look at after training, stored with the outcome as JSON (CTX: where a query
     * attends on one test episode); null when the method has nothing to show.
     */
    default JsonElement inspect(EpisodicModel trained, NDManager manager, ImageSet test, Episode shown) { return null; }
}
