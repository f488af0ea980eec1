package glimpse.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A training forward of a ViT with a class token leaves no array in the parameters' manager (the class token's broadcast once dragged every later op there). */
class VisionTransformerManagerTest {
    @Test
    void aForwardInAStepManagerLeavesNothingInTheModelsManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = VisionTransformer.builder().image(16, 4).encoder(2, TransformerEncoderLayer.Config.preNormGelu(32, 2, 2.0))
                    .classToken(true).output(BackboneOutput.TOKENS).build();
            Blocks.initialize(vit, m, new Shape(2, 1, 16, 16));
            int before = m.getManagedArrays().size();
            try (NDManager step = m.newSubManager()) {
                NDArray x = step.randomUniform(0, 1, new Shape(2, 1, 16, 16));
                vit.forward(new ParameterStore(m, false), new NDList(x), true);
            }
            assertEquals(before, m.getManagedArrays().size(), "arrays left in the model's manager");
        }
    }
}
