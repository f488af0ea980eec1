package glimpse.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Shift-Tab and name? on the Glimpse library: JShell reads javadoc only from the JDK's src.zip, so the
 * library's comments come from its sources (the kernel's source path). The expected text is read from the
 * source file here with a plain regex, independently of the javac parse the kernel uses.
 */
class JavadocsTest {
    static final Path SOURCES = Path.of("src/main/java");
    static JShellCells cells;

    @BeforeAll
    static void start() { cells = new JShellCells(List.of(Path.of("target/classes")), List.of(SOURCES)); }

    @AfterAll
    static void stop() { cells.close(); }

    /** The first words of the comment right before {@code member} in Show.java. */
    static String firstWords(String member) throws Exception {
        String src = Files.readString(SOURCES.resolve("glimpse/report/Show.java"));
        Matcher m = Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*" + Pattern.quote(member), Pattern.DOTALL).matcher(src);
        assertTrue(m.find(), member);
        return m.group(1).replaceAll("\\s*\\n\\s*\\*\\s?", " ").strip().substring(0, 30);
    }

    @Test
    void aLibraryMethodsJavadocComesFromItsSources() throws Exception {
        String expected = firstWords("public static Object render(");
        for (String code : List.of("glimpse.report.Show.render(x)", "glimpse.report.Show.render")) {
            List<JShellCells.Doc> docs = cells.documentation(code, "glimpse.report.Show.ren".length());
            assertEquals(1, docs.size(), docs.toString());
            assertNotNull(docs.get(0).javadoc(), code);
            assertTrue(docs.get(0).javadoc().strip().startsWith(expected), docs.get(0).javadoc());
        }
    }

    @Test
    void aLibraryClassAndConstructorAreDocumentedToo() throws Exception {
        String classDoc = cells.documentation("glimpse.report.Show", 19).get(0).javadoc();
        assertTrue(classDoc.strip().startsWith("Kernel-agnostic display."), classDoc);
        String html = GlimpseKernel.documentation(cells.documentation("glimpse.report.Show", 19)).getData(
                org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML).toString();
        assertTrue(html.contains("<code>show(x)</code>"), "{@code …} becomes <code>: " + html);
    }

    @Test
    void javadocTagsBecomeTextAndHtml() {
        String doc = " Adds {@code a} to {@link java.util.List#add the list}.\n @param a the value &amp; more\n @return true";
        String html = Javadocs.toHtml(doc);
        assertTrue(html.contains("<code>a</code>"), html);
        assertTrue(html.contains("<dt>Parameters:</dt><dd><code>a</code> - the value &amp; more</dd>"), html);
        assertTrue(html.contains("<dt>Returns:</dt><dd>true</dd>"), html);
        String text = Javadocs.toText(doc);
        assertTrue(text.startsWith("Adds a to the list."), text);
        assertTrue(text.contains("Parameters: a - the value & more"), text);
        assertFalse(text.contains("<"), text);
    }
}
