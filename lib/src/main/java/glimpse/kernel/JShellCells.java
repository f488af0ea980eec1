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

    private final Javadocs javadocs;

    JShellCells(List<Path> classpath) { this(classpath, List.of()); }

    /** @param sourcepath folders or jars of sources whose javadoc Shift-Tab shows (JShell itself reads only the JDK's) */
    JShellCells(List<Path> classpath, List<Path> sourcepath) {
        shell = JShell.builder().executionEngine(CellThread.provider(), Map.of()).build();
        for (Path p : classpath) shell.addToClasspath(p.toString());
        javadocs = new Javadocs(sourcepath);
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
        String type = ex instanceof EvalException ev ? ev.getExceptionClassName()
                : ex instanceof UnresolvedReferenceException ? "UnresolvedReference" : ex.getClass().getSimpleName();
        // the error's ename is the Java exception's simple name, as Python's is its class name; the traceback names it in full
        String name = type.substring(type.lastIndexOf('.') + 1);
        List<String> lines = new ArrayList<>();
        lines.add(type + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
        for (StackTraceElement el : ex.getStackTrace()) lines.add("    at " + el);
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            String cn = c instanceof EvalException ev ? ev.getExceptionClassName() : c.getClass().getName();
            lines.add("Caused by: " + cn + (c.getMessage() == null ? "" : ": " + c.getMessage()));
            for (StackTraceElement el : c.getStackTrace()) lines.add("    at " + el);
        }
        return new CellError(name, ex.getMessage() == null ? name : ex.getMessage(), lines);
    }

    /** The first half of {@link #stop}: the running cell will end as "Interrupted", whatever it does meanwhile. */
    void markStopping() {
        if (cellRunning) stopRequested = true;
    }

    /** Kernel > Interrupt: called on the control thread while a cell may be running. */
    void stop() {
        if (!cellRunning) return;
        stopRequested = true;
        shell.stop();
    }

    /**
     * "complete", "invalid", or the indent to continue an incomplete cell with (is_complete_request). Every
     * snippet of the cell is looked at, as {@link #run} splits it: a cell whose first statement is complete but
     * whose last is not ({@code int c = 1;\nif (c > 0) {}) is incomplete.
     */
    synchronized String completeness(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY -> { return "complete"; }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> { return indent(rest); }
                case UNKNOWN -> { return "invalid"; }
                default -> rest = info.remaining();
            }
        }
        return "complete";
    }

    /** The indent of the last line plus one level per bracket still open in it, as an editor would continue. */
    private static String indent(String incomplete) {
        String last = incomplete.substring(incomplete.lastIndexOf('\n') + 1);
        String lead = last.substring(0, last.length() - last.stripLeading().length());
        long open = last.chars().filter(ch -> ch == '{' || ch == '(').count() - last.chars().filter(ch -> ch == '}' || ch == ')').count();
        return lead + (open > 0 ? "    " : "");
    }

    /** Tab completion: the suggestions and where the replaced text starts. */
    synchronized List<String> suggestions(String code, int at, int[] anchor) {
        return shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
    }

    /**
     * Shift-Tab and {@code name?}: the signatures and javadoc of the name the cursor is in or right after
     * ({@code Math.a|bs(-1)}, {@code Math.abs|}), empty when JShell knows none. JShell documents a method only
     * with the cursor inside its call's parentheses, so the name is asked as {@code name(} first (every
     * overload), then as itself (a class, field or variable). The javadoc is JShell's (the JDK's, read from
     * its src.zip where installed) or, for classes JShell has no sources of, read by {@link Javadocs} from
     * the kernel's source path (the Glimpse library's sources).
     */
    synchronized List<Doc> documentation(String code, int at) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String name = nameAt(code, at);
        List<String> queries = new ArrayList<>();
        if (!name.isEmpty()) { queries.add(name + "("); queries.add(name); }
        for (String query : queries) {
            List<SourceCodeAnalysis.Documentation> found = analysis.documentation(query, query.length(), true);
            if (!found.isEmpty()) return docs(found, name);
        }
        // inside a call's arguments (Math.abs(|), where JShell itself answers
        try {
            List<SourceCodeAnalysis.Documentation> found = analysis.documentation(code, Math.max(0, Math.min(at, code.length())), true);
            return docs(found, null);
        } catch (RuntimeException unanalysable) {
            return List.of();
        }
    }

    private List<Doc> docs(List<SourceCodeAnalysis.Documentation> found, String name) {
        String owner = null;
        boolean ownerAsked = false;
        List<Doc> docs = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d : found) {
            String javadoc = d.javadoc();
            if (javadoc == null) {
                if (!ownerAsked && name != null) { owner = ownerClass(name); ownerAsked = true; }
                javadoc = javadocs.find(d.signature(), owner);
            }
            Doc doc = new Doc(d.signature(), javadoc);
            if (!docs.contains(doc)) docs.add(doc);
        }
        return docs;
    }

    /** The full name of the class a dotted member name is in ({@code Show.escape} → glimpse.report.Show), or null. */
    private String ownerClass(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) return null;
        String qualifier = name.substring(0, dot);
        List<SourceCodeAnalysis.Documentation> cls = shell.sourceCodeAnalysis().documentation(qualifier, qualifier.length(), false);
        return cls.size() == 1 && cls.get(0).signature().matches("[\\w$.]+") ? cls.get(0).signature() : null;
    }

    /** One documented element: its signature and javadoc comment (null when no source has it). */
    record Doc(String signature, String javadoc) {}

    /** The dotted name around {@code at}: from the start of its first identifier to the end of the one the cursor is in. */
    static String nameAt(String code, int at) {
        int cursor = Math.max(0, Math.min(at, code.length()));
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        int start = cursor;
        while (start > 0 && (Character.isJavaIdentifierPart(code.charAt(start - 1)) || code.charAt(start - 1) == '.')) start--;
        while (start < end && !Character.isJavaIdentifierStart(code.charAt(start))) start++;
        String name = code.substring(start, end);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public void close() { shell.close(); }
}
