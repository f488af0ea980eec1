package glimpse.classification;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import glimpse.eval.Convergence;
import glimpse.eval.MeanCi;
import glimpse.eval.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ClassificationResultTest {

    /** A result as the cache stored it before metrics were a type: group names as lower-case strings. */
    static final String STORED = """
            {"method": "CE", "dataset": "fm-LT", "setting": "ρ=100", "testImages": 4, "trainCounts": [120, 3],
             "groupNames": ["head", "tail", "many", "few"],
             "perSeed": [{"seed": 1, "overall": 0.75, "withinRun": {"mean": 0.75, "ci95": 0.4, "n": 4},
                          "groups": {"head": 1.0, "tail": 0.5, "many": 1.0, "few": 0.5}, "perClass": [1.0, 0.5],
                          "finalLoss": 0.1, "losses": [0.1], "wallSeconds": 2.0, "imagesPerSecond": 10.0}]}
            """;

    @Test
    void readsAndWritesTheStoredShape() {
        Gson gson = new Gson();
        ClassificationResult r = gson.fromJson(STORED, ClassificationResult.class);
        assertEquals(List.of(Metric.HEAD, Metric.TAIL, Metric.MANY, Metric.FEW), r.groups());
        assertArrayEquals(new double[] {0.5}, r.values(Metric.TAIL), 0);
        assertArrayEquals(new double[] {0.75}, r.values(Metric.OVERALL), 0);
        JsonObject written = JsonParser.parseString(gson.toJson(r)).getAsJsonObject();
        assertEquals(JsonParser.parseString(STORED).getAsJsonObject().get("groupNames"), written.get("groupNames"));
        assertEquals(JsonParser.parseString(STORED).getAsJsonObject().getAsJsonArray("perSeed").get(0).getAsJsonObject().get("groups"),
                written.getAsJsonArray("perSeed").get(0).getAsJsonObject().get("groups"));
    }

    @Test
    void convergenceIsJudgedOnTheMethodsLossAtChanceAndRelativelyWhereItGaveNone() {
        float[] losses = {3, 3, 2, 2, 1.2f, 1.2f, 1.0f, 1.0f};   // last two quarters 1.2 → 1.0
        var s = new ClassificationResult.SeedResult(1, 0.6, new MeanCi(0.6, 0, 1), Map.of(), new double[] {0.6}, 1f, losses, 1, 1);
        var scaled = new ClassificationResult("TASN", "d", "s", 5, new int[] {5}, List.of(), List.of(s), null, 4 * Math.log(26));
        assertEquals(-0.2 / (4 * Math.log(26)), scaled.training().change(), 1e-6);
        assertEquals(Convergence.Status.CONVERGED, scaled.training().status(), "−1.5 % of 4·ln 26");
        var unknown = new ClassificationResult("X", "d", "s", 5, new int[] {5}, List.of(), List.of(s), null);
        assertEquals(unknown.training(0), unknown.training(), "no loss at chance: relative to the previous quarter");
        assertEquals(Convergence.Status.STILL_FALLING, unknown.training().status(), "−16.7 % relative");
        ClassificationResult stored = new Gson().fromJson(STORED, ClassificationResult.class);   // cached before the field existed: 0
        assertEquals(stored.training(0), stored.training());
    }

    @Test
    void rowsNameMetricsByLabelAndAMissingGroupIsAnError() {
        var s = new ClassificationResult.SeedResult(7, 0.6, new MeanCi(0.6, 0, 1), Map.of(Metric.TAIL, 0.2), new double[] {0.6}, 0f, new float[0], 1, 1);
        var r = new ClassificationResult("CE", "d", "s", 5, new int[] {5}, List.of(Metric.TAIL), List.of(s), null);
        assertEquals(List.of("overall", "tail"), r.rows().stream().map(glimpse.eval.ResultRow::metric).toList());
        assertEquals(List.of(0.6, 0.2), r.rows().stream().map(glimpse.eval.ResultRow::value).toList());
        var e = assertThrows(IllegalArgumentException.class, () -> r.values(Metric.FEW));
        assertTrue(e.getMessage().contains("few"), e.getMessage());
    }
}
