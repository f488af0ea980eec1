package glimpse.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Glimpse Java kernel: the Jupyter protocol from JJava's protocol library (jjava-jupyter,
 * whose connection registers every handler before it binds a socket and gives each request its
 * own reply context), cells evaluated by {@link JShellCells}. It replaces rapaio-jupyter-kernel
 * 3.0.1 as the default, whose start-up race (handlers installed after the sockets listen) and
 * shared reply state (an interrupt steals the running cell's reply) {@code KernelMain} documents.
 */
public final class GlimpseKernel extends BaseKernel {
    /**
     * The kernel_info language_info, exactly as every notebook's metadata has it: classic Notebook
     * marks a notebook modified when the two differ. No version (it would follow the JDK).
     */
    public static final java.util.Map<String, String> LANGUAGE_INFO = java.util.Map.of("name", "java", "mimetype", "text/x-java-source",
            "file_extension", ".jshell", "pygments_lexer", "java", "codemirror_mode", "java");

    private final JShellCells cells;

    GlimpseKernel(JShellCells cells, String version) {
        super("Glimpse", version,
                new LanguageInfo.Builder(LANGUAGE_INFO.get("name")).mimetype(LANGUAGE_INFO.get("mimetype"))
                        .fileExtension(LANGUAGE_INFO.get("file_extension")).pygments(LANGUAGE_INFO.get("pygments_lexer"))
                        .codemirror(LANGUAGE_INFO.get("codemirror_mode")).build(),
                List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                null, new MagicsRegistry(), false,
                new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG).addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG).build());
        this.cells = cells;
    }

    @Override
    public Object evalRaw(String source) { return cells.run(source); }

    @Override
    public DisplayData eval(String expr) {
        Object value = evalRaw(expr);
        // a cell ending in printf/append returns the stream it wrote to: "java.io.PrintStream@…" is never the
        // cell's result, so the rule lives here once instead of in every notebook cell that ends in printf
        if (value == null || value instanceof java.io.PrintStream) return null;
        // a String is shown as its text (JShell would quote it)
        return value instanceof DisplayData d ? d : getRenderer().render(value);
    }

    @Override
    public void interrupt() { cells.stop(); }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellError c) {
            List<String> out = new ArrayList<>();
            for (String line : c.lines) out.add(errorStyler.secondary(line));
            return out;
        }
        return super.formatError(e);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String sig = cells.signatures(code, at);
        return sig.isBlank() ? null : new DisplayData(sig);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> s = cells.suggestions(code, at, anchor);
        return s.isEmpty() ? null : new ReplacementOptions(s, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        String c = cells.completeness(code);
        return c.equals("invalid") ? IS_COMPLETE_BAD : c.equals("complete") ? IS_COMPLETE_YES : c;
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        cells.close();
    }
}
