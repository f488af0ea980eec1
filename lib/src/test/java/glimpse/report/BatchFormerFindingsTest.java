package glimpse.report;

import glimpse.method.batchformer.BatchAttention;
import org.junit.jupiter.api.Test;

import static glimpse.report.FindingsFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class BatchFormerFindingsTest {
    /** 10 samples, labels 0,0,0,0,0,1,1,1,2,2; every row puts {@code onFirst} on sample 0 and spreads the rest evenly. */
    static BatchAttention hubOnFirst(double onFirst) {
        double[][] m = new double[10][10];
        for (double[] row : m) { java.util.Arrays.fill(row, (1 - onFirst) / 9); row[0] = onFirst; }
        return new BatchAttention(m, new int[] {0, 0, 0, 0, 0, 1, 1, 1, 2, 2});
    }

    @Test
    void hubsAndOwnClassMassAreReadFromTheMatrix() {
        assertEquals(0.5, BatchFormerFindings.topColumnShare(hubOnFirst(0.5)), 1e-12);   // the top 10 % = one column, half of every row
        String hub = BatchFormerFindings.attention(hubOnFirst(0.5));
        assertTrue(hub.contains("hub samples") && hub.contains("50.0 %"), hub);
        String uniform = BatchFormerFindings.attention(hubOnFirst(0.1));
        assertTrue(uniform.contains("no hubs") && uniform.contains("ignores class"), uniform);
        // own-class mass below chance: every row attends only to samples of another class
        double[][] m = new double[4][4];
        int[] labels = {0, 0, 1, 1};
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) m[i][j] = labels[i] != labels[j] ? 0.5 : 0;
        assertTrue(BatchFormerFindings.attention(new BatchAttention(m, labels)).contains("mixes classes more than chance"));
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) m[i][j] = labels[i] == labels[j] ? 0.5 : 0;
        assertTrue(BatchFormerFindings.attention(new BatchAttention(m, labels)).contains("draw mostly on their own class"));
    }

    @Test
    void trainingSaysWhichArmsConvergedAndHowFarTheOthersWereFromChance() {
        float[] flat = new float[40], falling = new float[40], high = new float[40];
        for (int i = 0; i < 40; i++) { flat[i] = 0.5f; falling[i] = (float) (2.3 * Math.exp(-i / 10.0)); high[i] = (float) (1.5 - 0.03 * i); }
        // falling: 2.3·e^(−i/10); quarters i = 20..29 and 30..39 average 0.207 and 0.076 (3.3 % of ln 10), a drop of 5.7 % of ln 10: still falling
        var map = new java.util.LinkedHashMap<String, glimpse.eval.Convergence>();
        map.put("CE", glimpse.eval.Convergence.of(flat, 10));
        String all = BatchFormerFindings.training(map, 10, 40);
        assertTrue(all.contains("every headline arm (CE) converged"), all);
        map.put("CE + BF", glimpse.eval.Convergence.of(falling, 10));
        String fit = BatchFormerFindings.training(map, 10, 40);
        assertTrue(fit.contains("1 of 2 headline arms had not converged") && fit.contains("CE + BF still falling, last quarter 0.076 = 3.3 % of ln C")
                && fit.contains("fit their training set"), fit);
        map.put("BS", glimpse.eval.Convergence.of(high, 10));   // 1.5 → 0.33, quarters 0.765 → 0.465 (−13 % of ln 10): still falling, at a fifth of ln C: not just fitting
        String not = BatchFormerFindings.training(map, 10, 40);
        assertTrue(not.contains("2 of 3") && !not.contains("fit their training set"), not);
    }

    @Test
    void gainCarriesTheVerdict() {
        String s = BatchFormerFindings.gain("cross-entropy", "tail", fewShot("CE + BatchFormer", "CE", 1, LOSS).verdict());
        assertTrue(s.contains("by -5.5 ± 1.2 pp over 3 seeds; CE is better"), s);
    }

    @Test
    void sharedClassifierSaysWhetherTheBreakOfIssue7Shows() {
        assertTrue(BatchFormerFindings.sharedClassifier(fewShot("no shared", "shared", 1, LOSS).verdict()).contains("breaks a model trained without"));
        assertTrue(BatchFormerFindings.sharedClassifier(fewShot("no shared", "shared", 1, GAIN).verdict()).contains("unlike what issue #7"));
        assertTrue(BatchFormerFindings.sharedClassifier(fewShot("no shared", "shared", 1, NOTHING).verdict()).contains("does not show the break"));
    }
}
