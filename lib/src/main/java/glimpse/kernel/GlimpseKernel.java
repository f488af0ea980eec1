package glimpse.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InspectRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Glimpse Java kernel: the Jupyter protocol from JJava's protocol library (jjava-jupyter,
 * whose connection registers every handler before it binds a socket and gives each request its
 * own reply context), cells evaluated by {@link JShellCells}. It replaces rapaio-jupyter-kernel
 * 3.0.1 as the default, whose start-up race (handlers installed after the sockets listen) and
 * shared reply state (an interrupt steals the running cell's reply) {@code KernelMain} documents.
 *
 * <p>Where the library's handlers fall short of messaging protocol 5.3 they are overridden here,
 * each at its handler (the one seam the library offers): its reply classes have no {@code status}
 * (kernel_info, comm_info, interrupt, shutdown), so those replies are sent as JSON objects; its
 * execute handler ignores silent, store_history, stop_on_error and user_expressions, names every
 * error "CellError" and sends every print as its own stream message; it drops history requests
 * without a history manager. Jupyter's conformance suite (jupyter_kernel_test, run by
 * environment/kernel_conformance.py in {@code ./glimpse test}) checks the result.
 */
public final class GlimpseKernel extends BaseKernel {
    /** The messaging protocol the replies follow; the library writes it into every header. */
    static final String PROTOCOL_VERSION = Header.PROTOCOL_VERISON;
    /** The kernel's version (KernelVersion, which the CLI reads without the protocol library). */
    public static final String VERSION = KernelVersion.VERSION;
    /** The Java release cells are written in (language_info.version). */
    public static final String JAVA_RELEASE = KernelVersion.JAVA_RELEASE;

    /**
     * The kernel_info language_info, exactly as every notebook's metadata has it: classic Notebook
     * marks a notebook modified when the two differ. The version is the Java release (17), not the
     * runtime's update, so a JDK update does not touch the notebooks.
     */
    public static final Map<String, String> LANGUAGE_INFO = Map.of("name", "java", "mimetype", "text/x-java-source",
            "file_extension", ".jshell", "pygments_lexer", "java", "codemirror_mode", "java", "version", JAVA_RELEASE);

    private static final Gson GSON = new Gson();
    /** {@code name?} or {@code name??}: IPython's help, shown in the pager. */
    private static final Pattern HELP = Pattern.compile("\\s*([\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.]*)\\s*\\?{1,2}\\s*");

    private final JShellCells cells;
    private final CellHistory history;
    private final CellStream out = new CellStream(System.out);
    private final CellStream err = new CellStream(System.err);
    private final PrintStream outPrint = out.printStream();
    private final PrintStream errPrint = err.printStream();
    private StdinChannel stdin;
    /** The running cell's reply environment: displays from the cell thread are published to its parent. */
    private volatile ShellReplyEnvironment cellEnv;
    private volatile FrontendInput cellInput;
    /** stop_on_error: execute requests sent before this instant are aborted (they were queued behind an error). */
    private volatile Instant abortSentBefore = Instant.MIN;

    GlimpseKernel(JShellCells cells, String ignoredVersion) { this(cells, new CellHistory(null)); }

    GlimpseKernel(JShellCells cells, CellHistory history) {
        super("glimpse", VERSION,
                new LanguageInfo.Builder(LANGUAGE_INFO.get("name")).version(JAVA_RELEASE).mimetype(LANGUAGE_INFO.get("mimetype"))
                        .fileExtension(LANGUAGE_INFO.get("file_extension")).pygments(LANGUAGE_INFO.get("pygments_lexer"))
                        .codemirror(LANGUAGE_INFO.get("codemirror_mode")).build(),
                List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                null, new MagicsRegistry(), false,
                new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG).addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG).build());
        this.cells = cells;
        this.history = history;
    }

    @Override
    public String getBanner() {
        return "Glimpse kernel " + VERSION + " :: Java " + KernelVersion.javaRuntime() + " :: Jupyter protocol " + PROTOCOL_VERSION
                + "\nCells are JShell snippets; name? shows a class's or method's javadoc, Shift-Tab its signatures.";
    }

    @Override
    public Object evalRaw(String source) { return cells.run(source); }

    @Override
    public DisplayData eval(String expr) {
        return render(evalRaw(expr));
    }

    private DisplayData render(Object value) {
        // a cell ending in printf/append returns the stream it wrote to: "java.io.PrintStream@…" is never the
        // cell's result, so the rule lives here once instead of in every notebook cell that ends in printf
        if (value == null || value instanceof PrintStream) return null;
        // a String is shown as its text (JShell would quote it)
        return value instanceof DisplayData d ? d : getRenderer().render(value);
    }

    @Override
    public void interrupt() {
        // marked first, so the cell ends as "Interrupted" even if it catches the cancelled read's IOException;
        // the read ends before the thread is stopped (FrontendInput.cancel says why)
        cells.markStopping();
        FrontendInput in = cellInput;
        if (in != null) in.cancel();
        cells.stop();
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellError c) {
            List<String> lines = new ArrayList<>();
            for (String line : c.lines) lines.add(errorStyler.secondary(line));
            return lines;
        }
        return super.formatError(e);
    }

    // ---- display API for notebook code (glimpse.KernelDisplay finds these by name) ----

    /** Shows a bundle under the running cell, after what the cell printed so far. */
    @Override
    public void display(DisplayData data) { publishFromCell(MessageType.PUBLISH_DISPLAY_DATA, new PublishDisplayData(data)); }

    /** Replaces the display with the bundle's display_id (set by DisplayData.setDisplayId), wherever it is. */
    public void updateDisplay(DisplayData data) {
        if (!data.hasDisplayId()) throw new IllegalArgumentException("updateDisplay needs a DisplayData with a display_id (setDisplayId)");
        publishFromCell(MessageType.PUBLISH_UPDATE_DISPLAY_DATA, new PublishUpdateDisplayData(data));
    }

    /** Clears the running cell's output; with wait, only when the next output arrives (no flicker when redrawing). */
    public void clearOutput(boolean wait) {
        publishFromCell(MessageType.PUBLISH_CLEAR_OUTPUT, wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    private <T> void publishFromCell(MessageType<T> type, T content) {
        ShellReplyEnvironment env = cellEnv;
        if (env == null) return;
        flushStreams();
        // straight to the socket: the shell thread may be setting its environment's deferral flag meanwhile
        env.getIopub().sendMessage(new Message<>(env.getContext(), type, content));
    }

    private void flushStreams() {
        out.send();
        err.send();
    }

    // ---- inspection ----

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<JShellCells.Doc> docs = cells.documentation(code, at);
        return docs.isEmpty() ? null : documentation(docs);
    }

    /** Signatures and javadoc as text/plain and text/html (the tooltip and the pager show either). */
    static DisplayData documentation(List<JShellCells.Doc> docs) {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        String shownJavadoc = null;
        for (JShellCells.Doc d : docs) {
            text.append(d.signature()).append('\n');
            html.append("<pre><code>").append(escape(d.signature())).append("</code></pre>");
            // overloads often share one comment: show each different one once
            if (d.javadoc() != null && !d.javadoc().equals(shownJavadoc)) {
                text.append('\n').append(Javadocs.toText(d.javadoc())).append("\n\n");
                html.append(Javadocs.toHtml(d.javadoc()));
                shownJavadoc = d.javadoc();
            }
        }
        DisplayData data = new DisplayData(text.toString().strip());
        data.putHTML(html.toString());
        return data;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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

    // ---- protocol handlers ----

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        if (connection instanceof GlimpseConnection g) stdin = g.stdinChannel();
        connection.setHandler(MessageType.COMM_INFO_REQUEST, this::handleCommInfoRequest);
    }

    /** Sends a reply whose content is a JSON object, for replies the library's classes cannot express. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void reply(ShellReplyEnvironment env, MessageType<?> type, JsonObject content) {
        env.reply(new Message(env.getContext(), type, content));
    }

    private static JsonObject ok() {
        JsonObject o = new JsonObject();
        o.addProperty("status", "ok");
        return o;
    }

    /**
     * The cycle every request with an "ok" reply shares: busy, the reply's content ("status": "ok" and what
     * {@code content} adds to it, computed while busy), the reply, idle (also when computing it threw).
     */
    private static void replyOk(ShellReplyEnvironment env, MessageType<?> type, Consumer<JsonObject> content) {
        env.setStatusBusy();
        try {
            JsonObject r = ok();
            content.accept(r);
            reply(env, type, r);
        } finally {
            env.setStatusIdle();
        }
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        replyOk(env, MessageType.KERNEL_INFO_REPLY, this::kernelInfo);
    }

    /** kernel_info_reply's fields: protocol, implementation, language, banner, help links. */
    private void kernelInfo(JsonObject r) {
        r.addProperty("protocol_version", PROTOCOL_VERSION);
        r.addProperty("implementation", name);
        r.addProperty("implementation_version", VERSION);
        JsonObject lang = new JsonObject();
        LANGUAGE_INFO.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> lang.addProperty(e.getKey(), e.getValue()));
        r.add("language_info", lang);
        r.addProperty("banner", getBanner());
        r.addProperty("debugger", false);
        JsonArray links = new JsonArray();
        JsonObject javadoc = new JsonObject();
        javadoc.addProperty("text", "Java " + JAVA_RELEASE + " API");
        javadoc.addProperty("url", "https://docs.oracle.com/en/java/javase/" + JAVA_RELEASE + "/docs/api/");
        links.add(javadoc);
        r.add("help_links", links);
    }

    @Override
    protected void handleShutdownRequest(ShellReplyEnvironment env, Message<ShutdownRequest> request) {
        // not replyOk: the kernel shuts its cells down after the reply and before it reports idle
        env.setStatusBusy();
        JsonObject r = ok();
        r.addProperty("restart", request.getContent().isRestart());
        reply(env, MessageType.SHUTDOWN_REPLY, r);
        onShutdown(request.getContent().isRestart());
        env.setStatusIdle();
        env.markForShutdown();
    }

    @Override
    protected void handleInterruptRequest(ShellReplyEnvironment env, Message<InterruptRequest> request) {
        replyOk(env, MessageType.INTERRUPT_REPLY, r -> interrupt());
    }

    private void handleCommInfoRequest(ShellReplyEnvironment env, Message<CommInfoRequest> request) {
        replyOk(env, MessageType.COMM_INFO_REPLY, r -> r.add("comms", comms(request)));
    }

    /** The open comms, by id, of the request's target (all where it names none). */
    private JsonObject comms(Message<CommInfoRequest> request) {
        String target = request.getContent() == null ? null : request.getContent().getTargetName();
        JsonObject comms = new JsonObject();
        for (Comm c : commManager) {
            if (target != null && !target.equals(c.getTargetName())) continue;
            JsonObject info = new JsonObject();
            info.addProperty("target_name", c.getTargetName());
            comms.add(c.getID(), info);
        }
        return comms;
    }

    @Override
    protected void handleInspectRequest(ShellReplyEnvironment env, Message<InspectRequest> request) {
        replyOk(env, MessageType.INSPECT_REPLY, r -> inspection(request, r));
    }

    /** inspect_reply's fields: whether JShell found documentation at the cursor, and its mime bundle. */
    private void inspection(Message<InspectRequest> request, JsonObject r) {
        DisplayData found;
        try {
            found = inspect(request.getContent().getCode(), request.getContent().getCursorPos(), request.getContent().getDetailLevel() > 0);
        } catch (RuntimeException e) {
            found = null; // code JShell cannot analyse has nothing to show, which is no error
        }
        r.addProperty("found", found != null);
        r.add("data", found == null ? new JsonObject() : bundle(found));
        r.add("metadata", new JsonObject());
    }

    /** The mime bundle of a DisplayData (its "data"), as the protocol's data field. */
    private static JsonObject bundle(DisplayData d) {
        JsonElement all = GSON.toJsonTree(d);
        JsonElement data = all.isJsonObject() ? all.getAsJsonObject().get("data") : null;
        return data != null && data.isJsonObject() ? data.getAsJsonObject() : new JsonObject();
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> request) {
        replyOk(env, MessageType.HISTORY_REPLY, r -> r.add("history", historyEntries(request.getContent())));
    }

    /** The history entries a request asks for, in the reply's shape: [session, line, input] or [session, line, [input, output]]. */
    private JsonArray historyEntries(HistoryRequest h) {
        List<CellHistory.Entry> found = switch (h.getAccessType()) {
            case TAIL -> history.tail(((HistoryRequest.Tail) h).getMaxReturnLength());
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) h;
                yield history.range(r.getSessionIndex(), r.getStart(), r.getStop());
            }
            case SEARCH -> {
                HistoryRequest.Search s = (HistoryRequest.Search) h;
                yield history.search(s.getPattern(), s.getMaxReturnLength(), s.filterUnique());
            }
        };
        JsonArray list = new JsonArray();
        for (CellHistory.Entry e : found) {
            JsonArray t = new JsonArray();
            t.add(e.session());
            t.add(e.line());
            if (h.includeOutput()) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                io.add(e.output());
                t.add(io);
            } else t.add(e.input());
            list.add(t);
        }
        return list;
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        env.setStatusBusy();
        try {
            if (sentBefore(message, abortSentBefore)) {
                // queued behind a cell that failed with stop_on_error: not run, as IPython does
                JsonObject r = new JsonObject();
                r.addProperty("status", "aborted");
                r.addProperty("execution_count", executionCount.get() - 1);
                reply(env, MessageType.EXECUTE_REPLY, r);
                return;
            }
            commManager.setMessageContext(message);
            int count = store ? executionCount.getAndIncrement() : executionCount.get() - 1;
            if (!silent) env.publish(new PublishExecuteInput(request.getCode(), count));
            JsonObject r = runCell(env, message, request, count, silent, store);
            reply(env, MessageType.EXECUTE_REPLY, r);
        } finally {
            env.setStatusIdle();
        }
    }

    /** Runs one cell with its streams and input bound to the request; returns the execute_reply content. */
    private JsonObject runCell(ShellReplyEnvironment env, Message<ExecuteRequest> message, ExecuteRequest request, int count,
                               boolean silent, boolean store) {
        PrintStream oldOut = System.out, oldErr = System.err;
        InputStream oldIn = System.in;
        FrontendInput input = new FrontendInput(stdin, message, request.isStdinEnabled());
        out.attach(text -> env.getIopub().sendMessage(new Message<>(env.getContext(), PublishStream.MESSAGE_TYPE, new PublishStream(PublishStream.StreamType.OUT, text))));
        err.attach(text -> env.getIopub().sendMessage(new Message<>(env.getContext(), PublishStream.MESSAGE_TYPE, new PublishStream(PublishStream.StreamType.ERR, text))));
        System.setOut(outPrint);
        System.setErr(errPrint);
        System.setIn(input);
        cellEnv = env;
        cellInput = input;
        JsonObject r = ok();
        r.addProperty("execution_count", count);
        String output = "";
        try {
            Matcher help = HELP.matcher(request.getCode());
            if (help.matches()) {
                r.add("payload", helpPayload(help.group(1)));
            } else {
                DisplayData result = eval(request.getCode());
                outPrint.flush();
                errPrint.flush();
                flushStreams();
                if (result != null && !silent) {
                    JsonObject content = new JsonObject();
                    content.addProperty("execution_count", count);
                    content.add("data", bundle(result));
                    content.add("metadata", new JsonObject());
                    env.publish(rawMessage(env, MessageType.PUBLISH_EXECUTION_RESULT, content));
                    JsonElement plain = bundle(result).get("text/plain");
                    output = plain != null && plain.isJsonPrimitive() ? plain.getAsString() : "";
                }
                r.add("payload", new JsonArray());
            }
            r.add("user_expressions", userExpressions(request.getUserExpr()));
        } catch (Exception e) {
            flushStreams();
            r = errorContent(e);
            r.addProperty("execution_count", count);
            r.add("user_expressions", new JsonObject());
            JsonObject published = errorContent(e);
            published.remove("status");
            env.publish(rawMessage(env, MessageType.PUBLISH_ERROR, published));
            if (request.shouldStopOnError()) abortSentBefore = Instant.now();
        } finally {
            outPrint.flush();
            errPrint.flush();
            out.attach(null);
            err.attach(null);
            cellEnv = null;
            cellInput = null;
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
        if (store) history.add(count, request.getCode(), output);
        return r;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> rawMessage(ShellReplyEnvironment env, MessageType<?> type, JsonObject content) {
        return new Message(env.getContext(), type, content);
    }

    private JsonObject errorContent(Exception e) {
        JsonObject r = new JsonObject();
        r.addProperty("status", "error");
        r.addProperty("ename", e instanceof CellError c ? c.name : e.getClass().getSimpleName());
        r.addProperty("evalue", e.getMessage() == null ? "" : e.getMessage());
        JsonArray tb = new JsonArray();
        for (String line : formatError(e)) tb.add(line);
        r.add("traceback", tb);
        return r;
    }

    /** The pager payload of {@code name?}: the documentation, or a line saying there is none. */
    private JsonArray helpPayload(String name) {
        List<JShellCells.Doc> docs = cells.documentation(name, name.length());
        JsonArray payload = new JsonArray();
        if (docs.isEmpty()) {
            outPrint.println("no documentation found for " + name + " (not a class, method, field or variable JShell knows)");
            return payload;
        }
        JsonObject page = new JsonObject();
        page.addProperty("source", "page");
        page.add("data", bundle(documentation(docs)));
        page.addProperty("start", 0);
        payload.add(page);
        return payload;
    }

    /** Each user expression evaluated after the cell: its value's mime bundle, or its error. */
    private JsonObject userExpressions(Map<String, String> expressions) {
        JsonObject values = new JsonObject();
        if (expressions == null) return values;
        for (Map.Entry<String, String> e : new LinkedHashMap<>(expressions).entrySet()) {
            try {
                Object v = cells.run(e.getValue());
                DisplayData d = v == null ? new DisplayData("null") : v instanceof DisplayData dd ? dd : getRenderer().render(v);
                JsonObject value = ok();
                value.add("data", bundle(d));
                value.add("metadata", new JsonObject());
                values.add(e.getKey(), value);
            } catch (Exception ex) {
                values.add(e.getKey(), errorContent(ex));
            }
        }
        return values;
    }

    /** Whether the request's header date (ISO-8601, as clients write it) is before the instant. */
    static boolean sentBefore(Message<?> message, Instant instant) {
        if (instant.equals(Instant.MIN) || message.getHeader().getTimestamp() == null) return false;
        try {
            String date = message.getHeader().getTimestamp().getDateString();
            Instant sent = date.endsWith("Z") ? Instant.parse(date) : OffsetDateTime.parse(date).toInstant();
            return sent.isBefore(instant);
        } catch (RuntimeException unparsable) {
            return false; // a client with another date format: never abort on a guess
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        cells.close();
    }

    /** The history folder of kernels started from a Glimpse checkout. */
    static Path historyDir(Path home) { return home.resolve("build/kernel/history"); }
}
