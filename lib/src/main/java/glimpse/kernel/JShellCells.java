package glimpse.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs notebook cells in a JShell whose snippets execute in this JVM, on one thread ({@link CellThread}), so
 * {@code show(...)} reaches the kernel object directly and library state lives as long as the
 * kernel. A cell is split into JShell snippets and evaluated one by one; the first snippet that
 * does not compile or throws ends the cell with a {@link CellError}. {@link #stop()} (Kernel >
 * Interrupt) stops the running snippet (JShell stops the thread it runs user code on) and the cell
 * ends with an "Interrupted" error; later cells run as usual. JShell is not thread-safe: every use
 * but {@code stop()} holds this object's monitor.
 */
final class JShellCells implements AutoCloseable {
    private final JShell shell;
    private volatile boolean stopRequested;
    /** True while a notebook cell (not the startup script) runs: only a cell can be interrupted. */
    private volatile boolean cellRunning;

    JShellCells(List<Path> classpath) {
        shell = JShell.builder().executionEngine(CellThread.provider(), Map.of()).build();
        for (Path p : classpath) shell.addToClasspath(p.toString());
    }

    /** Evaluates one cell; returns the value of its last expression (null if it ends in a statement). */
    synchronized Object run(String cell) {
        stopRequested = false;
        cellRunning = true;
        try {
            return evaluate(cell);
        } finally {
            cellRunning = false;
        }
    }

    /** The startup script: like a cell, but an interrupt (sent for the cell waiting behind it) does not stop it. */
    synchronized void runStartup(String script) {
        stopRequested = false;
        evaluate(script);
    }

    private Object evaluate(String cell) {
        String rest = cell;
        String lastValueName = null;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        while (!rest.isBlank()) {
            if (stopRequested) throw CellError.interrupted();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY -> { return takeValue(lastValueName); }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> throw new CellError("IncompleteCell",
                        "the cell ends in the middle of a statement", List.of("the cell ends in the middle of a statement:", rest.strip()));
                case UNKNOWN -> { lastValueName = evalSnippet(rest); rest = ""; }
                default -> { lastValueName = evalSnippet(info.source()); rest = info.remaining(); }
            }
        }
        return takeValue(lastValueName);
    }

    /** Evaluates one snippet; returns the JShell name holding its value when it is an expression. */
    private String evalSnippet(String source) {
        List<SnippetEvent> events = shell.eval(source);
        if (stopRequested) throw CellError.interrupted();
        String valueName = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue; // an update of a dependent snippet, not this one
            Snippet s = e.snippet();
            if (e.status() == Snippet.Status.REJECTED) throw compileError(s);
            if (e.exception() != null) throw runtimeError(e.exception());
            boolean expression = s.kind() == Snippet.Kind.EXPRESSION
                    || (s instanceof VarSnippet v && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND && !"void".equals(v.typeName()));
            valueName = expression && e.value() != null ? name(s) : null;
        }
        return valueName;
    }

    private static String name(Snippet s) {
        if (s instanceof VarSnippet v) return v.name();
        if (s instanceof jdk.jshell.ExpressionSnippet x) return x.name();
        return null;
    }

    private Object takeValue(String name) {
        if (name == null) return null;
        shell.eval("glimpse.kernel.LastValue.keep(" + name + ");");
        return LastValue.take();
    }

    private CellError compileError(Snippet s) {
        List<String> lines = new ArrayList<>();
        String src = s.source();
        String first = null;
        for (Diag d : shell.diagnostics(s).toList()) {
            String msg = d.getMessage(Locale.ROOT);
            if (first == null) first = msg;
            int at = (int) Math.max(0, Math.min(d.getStartPosition(), src.length()));
            int lineStart = src.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
            int lineEnd = src.indexOf('\n', at);
            lines.add((d.isError() ? "error: " : "warning: ") + msg);
            lines.add("    " + src.substring(lineStart, lineEnd < 0 ? src.length() : lineEnd));
            lines.add("    " + " ".repeat(Math.max(0, at - lineStart)) + "^");
        }
        if (first == null) { first = "the snippet was rejected"; lines.add(first + ": " + src.strip()); }
        return new CellError("CompilationError", first, lines);
    }

    private static CellError runtimeError(JShellException ex) {
        String name = ex instanceof EvalException ev ? ev.getExceptionClassName()
                : ex instanceof UnresolvedReferenceException ? "UnresolvedReference" : ex.getClass().getSimpleName();
        List<String> lines = new ArrayList<>();
        lines.add(name + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
        for (StackTraceElement el : ex.getStackTrace()) lines.add("    at " + el);
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            String cn = c instanceof EvalException ev ? ev.getExceptionClassName() : c.getClass().getName();
            lines.add("Caused by: " + cn + (c.getMessage() == null ? "" : ": " + c.getMessage()));
            for (StackTraceElement el : c.getStackTrace()) lines.add("    at " + el);
        }
        return new CellError(name, ex.getMessage() == null ? name : ex.getMessage(), lines);
    }

    /** Kernel > Interrupt: called on the control thread while a cell may be running. */
    void stop() {
        if (!cellRunning) return;
        stopRequested = true;
        shell.stop();
    }

    /** "complete", "invalid", "unknown", or the indent to continue an incomplete cell with (is_complete_request). */
    synchronized String completeness(String code) {
        return switch (shell.sourceCodeAnalysis().analyzeCompletion(code).completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> "complete";
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> "invalid";
        };
    }

    /** Tab completion: the suggestions and where the replaced text starts. */
    synchronized List<String> suggestions(String code, int at, int[] anchor) {
        return shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
    }

    /** Shift-Tab: the signatures of what is at the cursor, or "" when JShell knows none. */
    synchronized String signatures(String code, int at) {
        return String.join("\n", shell.sourceCodeAnalysis().documentation(code, at, false).stream()
                .map(SourceCodeAnalysis.Documentation::signature).toList());
    }

    @Override
    public void close() { shell.close(); }
}
