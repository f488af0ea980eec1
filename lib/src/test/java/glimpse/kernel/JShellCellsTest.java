package glimpse.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The kernel's cell evaluation, on a real local JShell: values, errors, interrupt, state kept across cells. */
class JShellCellsTest {
    static JShellCells cells;

    @BeforeAll
    static void start() { cells = new JShellCells(List.of()); }

    @AfterAll
    static void stop() { cells.close(); }

    @Test
    void aCellsLastExpressionIsTheObjectItselfAndStatementsGiveNothing() {
        assertEquals(42, cells.run("int a = 6;\nint b = 7;\na * b"));
        assertNull(cells.run("int c = a + b;"));
        Object img = cells.run("new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        assertEquals(3, assertInstanceOf(BufferedImage.class, img).getWidth());
        assertEquals("x13", cells.run("\"x\" + c"), "a String comes back unquoted");
    }

    @Test
    void aCellEndingInPrintfShowsWhatItPrintedAndNoStreamValue() {
        GlimpseKernel kernel = new GlimpseKernel(cells, "test");
        assertNull(kernel.eval("System.out.printf(\"%d%n\", 7)"), "the PrintStream printf returns is not displayed");
        assertNotNull(kernel.eval("6 * 7"), "an ordinary last value still is");
    }

    @Test
    void compileAndRuntimeErrorsEndTheCellWithWhatWentWrong() {
        CellError compile = assertThrows(CellError.class, () -> cells.run("int d = 1;\nint e = undefinedName + 1;\nint f = 2;"));
        assertEquals("CompilationError", compile.name);
        assertTrue(String.join("\n", compile.lines).contains("undefinedName"), compile.lines.toString());
        assertEquals(1, cells.run("d"), "the snippets before the error ran");
        CellError thrown = assertThrows(CellError.class, () -> cells.run("Integer.parseInt(\"seven\")"));
        assertEquals("NumberFormatException", thrown.name, "the error's ename is the exception's simple name, not CellError");
        assertTrue(thrown.getMessage().contains("seven"), thrown.getMessage());
        assertTrue(thrown.lines.get(0).startsWith("java.lang.NumberFormatException: "), "the traceback names it in full: " + thrown.lines);
    }

    @Test
    void anInterruptStopsTheRunningCellAndTheNextCellRuns() throws Exception {
        Thread stopper = new Thread(() -> {
            try { Thread.sleep(1500); } catch (InterruptedException ignored) { return; }
            cells.stop();
        });
        long t0 = System.nanoTime();
        stopper.start();
        CellError e = assertThrows(CellError.class, () -> cells.run("for (int i = 0; i < 600; i++) Thread.sleep(100);"));
        stopper.join();
        assertEquals("Interrupted", e.name);
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "stopped well before the loop's 60 s");
        assertEquals(8, cells.run("3 + 5"));
        cells.stop(); // no cell running: nothing to stop, the next cell is unaffected
        assertEquals(9, cells.run("4 + 5"));
    }

    @Test
    void everyCellRunsOnTheSameThreadEvenAfterAnInterrupt() throws Exception {
        // native libraries keep per-thread state (PyTorch's grad mode): a cell must find what the previous one set
        cells.run("ThreadLocal<String> mark = ThreadLocal.withInitial(() -> \"unset\"); mark.set(\"set by cell 1\");");
        assertEquals("set by cell 1", cells.run("mark.get()"));
        Thread stopper = new Thread(() -> {
            try { Thread.sleep(1000); } catch (InterruptedException ignored) { return; }
            cells.stop();
        });
        stopper.start();
        assertThrows(CellError.class, () -> cells.run("while (true) { Math.sqrt(2); }"));
        stopper.join();
        assertEquals("set by cell 1", cells.run("mark.get()"), "the interrupt did not replace the cell thread");
    }

    @Test
    void completenessFollowsJavaSyntax() {
        assertEquals("complete", cells.completeness("int z = 1;"));
        assertEquals("    ", cells.completeness("for (int i = 0; i < 3; i++) {"), "an open block continues one level in");
        assertEquals("complete", cells.completeness(""));
        assertEquals("invalid", cells.completeness("int x = ;"));
    }

    @Test
    void completenessLooksAtEveryStatementNotOnlyTheFirst() {
        // was "complete": only the first statement was analysed
        assertEquals("    ", cells.completeness("int c = 1;\nif (c > 0) {"));
        assertEquals("complete", cells.completeness("int c = 1;\nif (c > 0) { c++; }"));
        assertEquals("invalid", cells.completeness("int c = 1;\n}"));
    }

    @Test
    void theNameAtTheCursorSpansTheWholeDottedName() {
        assertEquals("Math.abs", JShellCells.nameAt("Math.abs(-1)", 6));
        assertEquals("Math.abs", JShellCells.nameAt("Math.abs", 8));
        assertEquals("Math.abs", JShellCells.nameAt("int v = Math.abs(-3);", 15));
        assertEquals("", JShellCells.nameAt("(1 + 2)", 0));
    }

    @Test
    void documentationIsFoundInsideAndRightAfterAName() {
        // was found=false: JShell documents a method only with the cursor inside its call's parentheses
        for (int[] at : new int[][]{{6}, {8}}) {
            List<JShellCells.Doc> docs = cells.documentation("Math.abs(-1)", at[0]);
            assertTrue(docs.stream().anyMatch(d -> d.signature().contains("abs(int")), at[0] + ": " + docs);
        }
        assertTrue(cells.documentation("Math.abs(", 9).stream().anyMatch(d -> d.signature().contains("abs(double")), "inside the parentheses");
        assertEquals(List.of(), cells.documentation("noSuchThing", 5));
    }
}
