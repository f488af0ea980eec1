package glimpse.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** One training, one output: redrawn in place in a notebook, ending as its summary line; printed lines elsewhere. */
class ProgressTest {
    record Draw(String text, String html, boolean first) {}

    static float loss(int step) { return step < 15 ? 3f : 1f; }

    @Test
    void inANotebookOneDisplayIsRedrawnAndEndsAsTheSummaryWithNothingPrinted() {
        List<Draw> draws = new ArrayList<>();
        var out = new ByteArrayOutputStream();
        Progress p = new Progress(0, 20, 5, new PrintStream(out, true), (text, html, first) -> draws.add(new Draw(text, html, first)));
        for (int s = 0; s < 20; s++) p.stepDone(s, loss(s), 8, 1e-3f);
        assertEquals("", out.toString(), "no printed line: it would stay in the saved notebook");
        assertTrue(draws.size() >= 4, "at least at every report step: " + draws);
        assertTrue(draws.get(0).first() && draws.stream().skip(1).noneMatch(Draw::first), "one display, then updates of it");
        assertTrue(draws.get(0).text().startsWith("[█████░░░░░░░░░░░░░░░]  25% step 5/20  loss 3.0000"), draws.get(0).text());
        String last = draws.get(draws.size() - 1).text();
        assertTrue(last.matches("trained 20 steps in 0:0\\d · loss 1\\.0000 \\(mean of the last 5\\) · \\d+ img/s"), last);
        assertEquals("<pre style=\"margin:0\">" + last + "</pre>", draws.get(draws.size() - 1).html());
    }

    @Test
    void withoutADisplayTheReportsArePrintedLines() {
        var out = new ByteArrayOutputStream();
        Progress p = new Progress(0, 20, 5, new PrintStream(out, true), (text, html, first) -> false);
        for (int s = 0; s < 20; s++) p.stepDone(s, loss(s), 8, 1e-3f);
        List<String> lines = out.toString().lines().toList();
        assertEquals(4, lines.size(), out.toString());
        assertTrue(lines.get(3).startsWith("step 20/20  loss 1.0000  lr 1.00e-03"), lines.get(3));
        var silent = new ByteArrayOutputStream();
        Progress none = new Progress(0, 20, 0, new PrintStream(silent, true), null);
        for (int s = 0; s < 20; s++) none.stepDone(s, 1f, 8, 1e-3f);
        assertEquals("", silent.toString(), "logEvery 0 stays silent");
    }

    @Test
    void theBarCountsTwentiethsOfTheSteps() {
        Progress p = new Progress(0, 40, 10, new PrintStream(new ByteArrayOutputStream()), null);
        assertEquals("[░░░░░░░░░░░░░░░░░░░░]   0%", p.bar(0));
        assertEquals("[██████████░░░░░░░░░░]  50%", p.bar(20));
        assertEquals("[████████████████████] 100%", p.bar(40));
    }
}
