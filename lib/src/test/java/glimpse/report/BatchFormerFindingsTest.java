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
