package glimpse.experiment;

import glimpse.Glimpse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaperScaleTest {
    @AfterEach
    void clear() { System.clearProperty("glimpse.mode"); }

    @Test
    void paperModeKeepsThePapersBudgets() {
        System.setProperty("glimpse.mode", "paper");
        assertFalse(PaperScale.smoke());
        assertEquals(400_000, PaperScale.steps(400_000));
        assertEquals(600, PaperScale.episodes(600));
        assertEquals(60_502, PaperScale.queries(60_502));
        assertEquals(3, PaperScale.seeds(3));
        assertEquals(256, (int) PaperScale.of(256, 8));
        assertTrue(Glimpse.paperSections());
        assertEquals(Glimpse.Mode.PAPER, Glimpse.budgetMode());
        assertEquals("p", Glimpse.byMode("q", "f", "p"));
    }

    @Test
    void smokeCutsPaperBudgetsAndRunsTheCpuSectionsAsQuick() {
        System.setProperty("glimpse.mode", "smoke");
        assertTrue(PaperScale.smoke());
        assertEquals(2, PaperScale.steps(400_000));
        assertEquals(1, PaperScale.steps(1), "a budget already below the cut stays");
        assertEquals(2, PaperScale.episodes(600));
        assertEquals(200, PaperScale.queries(60_502));
        assertEquals(1, PaperScale.seeds(3));
        assertEquals(8, (int) PaperScale.of(256, 8));
        assertTrue(Glimpse.paperSections());
        assertEquals("q", Glimpse.byMode("q", "f", "p"));
        assertEquals(Glimpse.Mode.QUICK, Glimpse.budgetMode(), "the CPU sections' results are quick mode's, so they key as quick");
    }

    @Test
    void quickAndFullRunNoPaperSection() {
        for (String m : new String[] {"quick", "full"}) {
            System.setProperty("glimpse.mode", m);
            assertFalse(Glimpse.paperSections(), m);
            assertEquals(Glimpse.Mode.valueOf(m.toUpperCase()), Glimpse.budgetMode());
        }
    }
}
