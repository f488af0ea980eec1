package glimpse.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static glimpse.report.FindingsFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class CtxFindingsTest {
    @Test
    void shotsNamesWhereEachMethodWinsAndWhereTheSeedsAgreeOnNothing() {
        String crossing = CtxFindings.shots(List.of(fewShot("CTX", "ProtoNet", 1, LOSS), fewShot("CTX", "ProtoNet", 5, GAIN)));
        assertTrue(crossing.contains("CTX is better at K = 5"), crossing);
        assertTrue(crossing.contains("ProtoNet is better at K = 1"), crossing);
        assertTrue(crossing.contains("only once a class has several supports"), crossing);
        assertTrue(crossing.contains("-5.5 ± 1.2 pp at K = 1"), crossing);   // mean −5.5 pp, CI 4.303·0.5/√3 = 1.24 pp
        String none = CtxFindings.shots(List.of(fewShot("CTX", "ProtoNet", 1, NOTHING), fewShot("CTX", "ProtoNet", 5, NOTHING)));
        assertTrue(none.contains("at no K do the seeds agree"), none);
        String unsettled = CtxFindings.shots(List.of(fewShot("CTX", "ProtoNet", 1, GAIN, FALLING, null)));
        assertTrue(unsettled.contains("not a test of the claim: CTX had not converged when training stopped"), unsettled);
        var neither = fewShot("CTX", "ProtoNet", 1, GAIN, FALLING, null);
        neither = new FewShotResults.Comparison(neither.a(), neither.b(), neither.task(), 5, 1, neither.seeds(), neither.perSeed(), neither.withinRunCi(),
                30, neither.overSeeds(), FALLING, FALLING, null, neither.perEpisode());
        assertTrue(CtxFindings.shots(List.of(neither)).contains("neither CTX nor ProtoNet had converged when training stopped"), CtxFindings.shots(List.of(neither)));
    }

    @Test
    void checkASaysDependenceNotAlignmentAndFlagsMisleadingKeys() {
        String depends = CtxFindings.attentionOff(List.of(fewShot("CTX", "CTX, attention off", 1, GAIN), fewShot("CTX", "CTX, attention off", 5, GAIN)));
        assertTrue(depends.contains("loses accuracy without its attention at K = 1, 5"), depends);
        assertTrue(depends.contains("not supported"), depends);
        assertTrue(depends.contains("not what the alignment adds with backbone and value head held fixed"), depends);
        String misleads = CtxFindings.attentionOff(List.of(fewShot("CTX", "CTX, attention off", 1, LOSS), fewShot("CTX", "CTX, attention off", 5, GAIN)));
        assertTrue(misleads.contains("uniform attention scores better at K = 1"), misleads);
        String none = CtxFindings.attentionOff(List.of(fewShot("CTX", "CTX, attention off", 1, NOTHING)));
        assertTrue(none.contains("agree on no difference"), none);
        // a clear gain from an unsettled model: said as not converged, never as "no difference" (full run of 8ffc755: +14.2 ± 4.6 pp read as none)
        String unsettled = CtxFindings.attentionOff(List.of(fewShot("CTX", "CTX, attention off", 1, GAIN, FALLING, null),
                fewShot("CTX", "CTX, attention off", 5, GAIN, FALLING, null)));
        assertTrue(unsettled.contains("CTX had not converged when training stopped"), unsettled);
        assertFalse(unsettled.contains("no difference"), unsettled);
        assertFalse(unsettled.contains("not supported"), unsettled);
        assertTrue(unsettled.contains("not what the alignment adds"), unsettled);
    }

    @Test
    void checkBComparesTheTwoGapsAgainstTheWithinRunInterval() {
        var oneShotSmall = fewShot("CTX", "ProtoNet", 1, new double[] {-0.01});
        var fiveShotLarge = fewShot("CTX", "ProtoNet", 1, new double[] {-0.08});
        assertTrue(CtxFindings.trainedOneShot(oneShotSmall, fiveShotLarge).contains("smaller: part of the 1-shot gap is the train/test shot mismatch"));
        assertTrue(CtxFindings.trainedOneShot(fiveShotLarge, oneShotSmall).contains("larger"));
        // |−8| vs |−8.5|: a change of 0.5 pp, inside the ±1 pp within-run CI
        assertTrue(CtxFindings.trainedOneShot(fiveShotLarge, fewShot("CTX", "ProtoNet", 1, new double[] {-0.085})).contains("about the same size"));
    }

    @Test
    void checkCAndSimclrEpisodesFollowTheirNumbers() {
        assertTrue(CtxFindings.glyphSafeViews(List.of(fewShot("safe", "paper views", 1, new double[] {0.05}), fewShot("safe", "paper views", 5, new double[] {0.03})))
                .contains("help at every K"));
        assertTrue(CtxFindings.glyphSafeViews(List.of(fewShot("safe", "paper views", 1, new double[] {0.005}))).contains("no difference beyond"));
        assertTrue(CtxFindings.glyphSafeViews(List.of(fewShot("safe", "paper views", 1, new double[] {0.05}), fewShot("safe", "paper views", 5, new double[] {-0.05})))
                .contains("sign depends on K"));
        String worse = CtxFindings.simclrEpisodes(0.5, 250, List.of(fewShot("CTX + SimCLR", "CTX", 1, LOSS)));
        assertTrue(worse.contains("about 125 labelled episodes of its 250 steps"), worse);
        assertTrue(worse.contains("about 500 steps"), worse);
        assertTrue(worse.contains("halved supervised training"), worse);
        assertTrue(CtxFindings.simclrEpisodes(0.5, 250, List.of(fewShot("CTX + SimCLR", "CTX", 1, GAIN))).contains("even with half"));
        assertTrue(CtxFindings.simclrEpisodes(0.5, 250, List.of(fewShot("CTX + SimCLR", "CTX", 1, NOTHING))).contains("agree on no difference"));
    }
}
