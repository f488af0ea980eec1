package glimpse.method;

import glimpse.fewshot.FewShotEval;
import glimpse.fewshot.FewShotRecipe;
import glimpse.fewshot.FewShotSpec;
import glimpse.fewshot.FewShotTask;
import glimpse.method.batchformer.BatchFormerMethod;
import glimpse.method.batchformer.BatchFormerRecipe;
import glimpse.method.crosstransformer.CtxMethod;
import glimpse.method.semanticprompt.SpMethod;
import glimpse.method.semanticprompt.SpSpec;
import glimpse.nn.FewShotBackbone;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertTrue;

/** A spec prints as one short line a reader can use (data, model, steps, seeds), not as its whole record. */
class SpecSummaryTest {
    static void readable(Object spec, String... mustSay) {
        String s = spec.toString();
        assertTrue(s.length() <= 130 && !s.contains("\n"), s.length() + " characters: " + s);
        for (String m : mustSay) assertTrue(s.contains(m), "'" + m + "' missing from " + s);
    }

    @Test
    void everyExperimentSpecPrintsAShortSummary() {
        readable(BatchFormerRecipe.cpu(100), "fashion-mnist-LT", "ρ=100", "100 steps", "seeds [1, 2, 3]");
        FewShotEval eval = new FewShotEval(5, new int[] {1, 5}, 15, 600, 0);
        readable(new FewShotSpec(FewShotTask.fashionMnistHeldOut(), FewShotRecipe.of(new CtxMethod(16, 128), FewShotBackbone.CONV4_LAST_UNPOOLED, 500), eval),
                "fashion-mnist held-out 5", "CTX", "500 steps", "seed 0", "5-way");
        readable(SpSpec.cpu(FewShotTask.fashionMnistHeldOut(), SpMethod.paper(), 200, 150, 1, eval), "stage 1 200 steps", "stage 2 150", "seed 1");
    }
}
