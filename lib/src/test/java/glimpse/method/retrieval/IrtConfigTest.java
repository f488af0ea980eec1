package glimpse.method.retrieval;

import glimpse.data.ImageSet;
import glimpse.train.TrainConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class IrtConfigTest {
    @Test
    void thePaperRecipeHasThePapersNumbers() {
        IrtConfig sop = IrtConfig.paper("sop", "/weights/deit_small.bin");
        assertEquals(IrtConfig.Backbone.DEIT_SMALL_224, sop.backbone());
        assertEquals(35_000, sop.steps());
        assertEquals(2_000, IrtConfig.paper("cub-retrieval", null).steps());
        assertEquals(0.5, sop.margin());
        assertEquals(0.7, sop.koleoWeight());
        TrainConfig t = sop.trainConfig();
        assertEquals(TrainConfig.Optimizer.ADAMW, t.optimizer());
        assertEquals(3e-5f, t.learningRate());
        assertEquals(5e-4f, t.weightDecay());
        assertEquals(64, t.batchSize());
        byte[] px = new byte[1000];
        int[] ys = new int[1000];
        ImageSet train = new ImageSet("t", 1, 1, 1, px, ys, List.of("a"), List.of("a"));
        assertEquals(1000, sop.memorySize(train), "memory of the dataset's size");
        assertEquals(200, IrtConfig.paper("inshop", null).memorySize(train), "In-Shop: 0.2 of it");
        assertThrows(IllegalArgumentException.class, () -> IrtConfig.paper("cifar-10", null));
        assertEquals(sop, IrtConfig.paper("sop", "/weights/deit_small.bin"), "a value: equal recipes are equal");
    }
}
