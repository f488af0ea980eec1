package glimpse.platform;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import glimpse.classification.ClassificationExperiment;
import glimpse.data.SimClrViews;
import glimpse.fewshot.FewShotEval;
import glimpse.fewshot.FewShotExperiment;
import glimpse.fewshot.FewShotOutcome;
import glimpse.fewshot.FewShotRecipe;
import glimpse.fewshot.FewShotSpec;
import glimpse.fewshot.FewShotTask;
import glimpse.method.batchformer.BatchFormer;
import glimpse.method.batchformer.BatchFormerMethod;
import glimpse.method.batchformer.ClassLoss;
import glimpse.method.batchformer.TwoStreamLoss;
import glimpse.method.crosstransformer.CtxMethod;
import glimpse.method.protonet.ProtoNetMethod;
import glimpse.nn.FewShotBackbone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Scratch check (not part of the suite): full-mode results cached by the old experiment layer,
 * recomputed through the new one, compared bit for bit. -Dglimpse.spotcheck=file1,file2,...
 */
@EnabledIfSystemProperty(named = "glimpse.spotcheck", matches = ".+")
class FullModeSpotCheckTest {
    @Test
    void oldFullModeEntriesRecomputeBitForBit() throws Exception {
        List<String> report = new ArrayList<>();
        for (String f : System.getProperty("glimpse.spotcheck").split(",")) {
            JsonObject e = new Gson().fromJson(Files.readString(Path.of(f)), JsonObject.class);
            JsonObject spec = e.getAsJsonObject("spec"), result = e.getAsJsonObject("result");
            long t0 = System.nanoTime();
            boolean same = spec.has("model") ? fewShot(spec, result) : batchFormer(spec, result);
            report.add(String.format("%s %s (%.0f s)", same ? "SAME" : "DIFFERENT", Path.of(f).getFileName(), (System.nanoTime() - t0) / 1e9));
            System.out.println("SPOTCHECK " + report.get(report.size() - 1));
        }
        assertTrue(report.stream().allMatch(r -> r.startsWith("SAME")), String.join("\n", report));
    }

    static boolean fewShot(JsonObject spec, JsonObject result) {
        JsonObject t = spec.getAsJsonObject("task"), m = spec.getAsJsonObject("model"), ev = spec.getAsJsonObject("eval");
        FewShotTask task = new FewShotTask(t.get("name").getAsString(), t.get("dataset").getAsString(), t.get("trainSplit").getAsString(),
                ints(t.getAsJsonArray("trainClasses")), t.get("testSplit").getAsString(), ints(t.getAsJsonArray("testClasses")), t.get("downsample").getAsInt());
        var backbone = FewShotBackbone.valueOf(m.get("backbone").getAsString());
        var method = switch (m.get("method").getAsString()) {
            case "PROTONET" -> (glimpse.fewshot.FewShotMethod) ProtoNetMethod.pooled();
            case "PROTONET_FLAT_MAP" -> ProtoNetMethod.onFlatMap();
            default -> new CtxMethod(m.get("keyDim").getAsInt(), m.get("valueDim").getAsInt());
        };
        float lr = m.get("learningRate").getAsFloat(), wd = m.get("weightDecay").getAsFloat();
        int decayEvery = m.get("lrDecayEvery").getAsInt();
        FewShotRecipe recipe = FewShotRecipe.of(method, backbone, m.get("steps").getAsInt()).with(b -> b
                .episodes(m.get("trainWays").getAsInt(), m.get("trainShots").getAsInt(), m.get("trainQueries").getAsInt())
                .training(c -> decayEvery > 0 ? c.adam(lr).weightDecay(wd).stepDecay(decayEvery, m.get("lrDecayFactor").getAsFloat())
                        : c.adam(lr).weightDecay(wd))
                .simclr(m.get("simclrProbability").getAsDouble(), m.get("simclrQueriesPerClass").getAsInt())
                .simclrViews(SimClrViews.valueOf(m.get("simclrViews").getAsString()))
                .pretraining(m.get("pretrainSteps").getAsInt(), m.get("pretrainBatch").getAsInt())).withSeed(m.get("seed").getAsLong());
        FewShotEval eval = new FewShotEval(ev.get("ways").getAsInt(), ints(ev.getAsJsonArray("shots")), ev.get("queries").getAsInt(),
                ev.get("episodes").getAsInt(), ev.get("seed").getAsLong());
        if (ev.get("attentionOffToo").getAsBoolean()) eval = eval.withVariant(CtxMethod.ATTENTION_OFF);
        FewShotOutcome o = FewShotExperiment.INSTANCE.run(new FewShotSpec(task, recipe, eval));
        boolean same = samePerEpisode(result.getAsJsonArray("results"), o.results());
        if (result.has("attentionOff") && !result.get("attentionOff").isJsonNull())
            same &= samePerEpisode(result.getAsJsonObject("attentionOff").getAsJsonArray("results"), o.variant(CtxMethod.ATTENTION_OFF).results());
        same &= Arrays.equals(floats(result.getAsJsonArray("lossCurve")), o.lossCurve());
        return same;
    }

    static boolean samePerEpisode(JsonArray old, List<FewShotOutcome.ShotResult> now) {
        if (old.size() != now.size()) return false;
        for (int i = 0; i < old.size(); i++) {
            JsonObject r = old.get(i).getAsJsonObject();
            if (r.get("shots").getAsInt() != now.get(i).shots() || !Arrays.equals(doubles(r.getAsJsonArray("perEpisode")), now.get(i).perEpisode()))
                return false;
        }
        return true;
    }

    static boolean batchFormer(JsonObject c, JsonObject result) {
        JsonObject enc = c.getAsJsonObject("encoder");
        var method = new BatchFormerMethod(ClassLoss.valueOf(c.get("loss").getAsString()), TwoStreamLoss.Mode.valueOf(c.get("mode").getAsString()),
                new BatchFormer.Settings(enc.get("layers").getAsInt(), enc.get("heads").getAsInt(), enc.get("dropout").getAsDouble()),
                c.get("backboneWidth").getAsInt());
        List<Long> seeds = new ArrayList<>();
        c.getAsJsonArray("seeds").forEach(s -> seeds.add(s.getAsLong()));
        var spec = BatchFormerMethod.fashionMnistSpec(c.get("imbalance").getAsDouble()).with(b -> b.method(method)
                .steps(c.get("steps").getAsInt()).batchSize(c.get("batchSize").getAsInt()).testPerClass(c.get("testPerClass").getAsInt()).seeds(seeds));
        var r = ClassificationExperiment.INSTANCE.run(spec);
        JsonArray old = result.getAsJsonArray("perSeed");
        boolean same = old.size() == r.perSeed().size();
        for (int i = 0; same && i < old.size(); i++) {
            JsonObject s = old.get(i).getAsJsonObject();
            same = Arrays.equals(doubles(s.getAsJsonArray("perClass")), r.perSeed().get(i).perClass())
                    && s.get("overall").getAsDouble() == r.perSeed().get(i).overall() && s.get("finalLoss").getAsFloat() == r.perSeed().get(i).finalLoss();
        }
        return same;
    }

    static int[] ints(JsonArray a) { int[] x = new int[a.size()]; for (int i = 0; i < x.length; i++) x[i] = a.get(i).getAsInt(); return x; }
    static double[] doubles(JsonArray a) { double[] x = new double[a.size()]; for (int i = 0; i < x.length; i++) x[i] = a.get(i).getAsDouble(); return x; }
    static float[] floats(JsonArray a) {
        float[] x = new float[a.size()];
        for (int i = 0; i < x.length; i++) x[i] = a.get(i).isJsonNull() ? Float.NaN : a.get(i).getAsFloat();
        return x;
    }
}
