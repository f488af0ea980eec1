package glimpse.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import glimpse.AtomicWrites;
import glimpse.Glimpse;
import glimpse.eval.Verdict;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The papers' claims as the notebooks tested them: every verdict a notebook prints against a paper's
 * reported effect is also written here, one file per notebook and mode
 * ({@code <cache>/claims/<mode>/<notebook>.json}), so that 06-results can gather them into one table
 * without training anything. A notebook's name comes from {@code GLIMPSE_NOTEBOOK}, which {@code ./glimpse
 * run} sets after {@link #forget forgetting} that notebook's claims in that mode: the file holds the last
 * run's claims only, also when the last run recorded none. A notebook opened by hand records nothing (its
 * numbers may be from an edited cell).
 */
public final class Claims {
    private Claims() {}

    /**
     * One tested claim.
     *
     * @param setting    the task and setting, e.g. "glyphs novel · 5-way 1-shot"
     * @param comparison "a − b" as the notebook names the arms
     * @param paper      the paper's reported a − b, with its source ("+3.67 pp (arXiv …)")
     * @param oursPp     our a − b in percentage points, mean over seeds
     * @param ciPp       its Student-t 95% half-width over seeds (NaN with one seed)
     * @param outcome    {@link #outcome(Verdict)}
     */
    public record Claim(String notebook, String setting, String comparison, String paper, double paperPp, double oursPp, double ciPp,
                        int seeds, String outcome, String mode, String recordedAt) {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** The paper each notebook re-derives, for the table's first column. */
    static final Map<String, String> PAPERS = Map.of(
            "01", "CrossTransformers (arXiv 2007.11498)", "02", "Semantic Prompt (arXiv 2303.14123)",
            "03", "BatchFormer (arXiv 2203.01522)", "04", "TASN (arXiv 1903.06150)", "05", "IRT (arXiv 2102.05644)");

    /** Direction held / not held / underpowered / not converged, in the words of the results table. */
    public static String outcome(Verdict v) {
        return switch (v.kind()) {
            case HELD -> "held";
            case REVERSED -> "not held (reversed)";
            case NO_SIGNIFICANT_DIFFERENCE -> "not held (no significant difference)";
            case UNDERPOWERED -> "underpowered";
            case NOT_CONVERGED -> "not converged";
            case ONE_RUN -> "one run: no verdict";
            case SIGNIFICANT -> "no paper effect to test";
        };
    }

    /** Records {@code v} under {@code setting} when it tests a paper's effect and a notebook run is recording; otherwise nothing. */
    public static void record(String setting, Verdict v) {
        String notebook = Glimpse.setting("glimpse.notebook", "GLIMPSE_NOTEBOOK", null);
        if (notebook == null || v.paper() == null) return;
        record(notebook, new Claim(notebook, setting, v.a() + " − " + v.b(), v.paper().toString(), 100 * v.paper().difference(),
                100 * v.difference().mean(), 100 * v.difference().ci95(), v.difference().n(), outcome(v),
                Glimpse.mode().name().toLowerCase(Locale.ROOT), Instant.now().toString()));
    }

    /**
     * Records a claim whose paper states a direction (a better than b) but published no size: TASN's
     * ablations. Held where our interval excludes 0 on a's side, reversed on b's; without a size the
     * power to see it cannot be judged, so a non-significant difference says exactly that.
     *
     * @param claim the paper's direction in words, with its source, e.g. "a > b (arXiv 1903.06150 §4.3)"
     */
    public static void recordDirection(String setting, Verdict v, String claim) {
        String notebook = Glimpse.setting("glimpse.notebook", "GLIMPSE_NOTEBOOK", null);
        if (notebook == null) return;
        record(notebook, new Claim(notebook, setting, v.a() + " − " + v.b(), claim + "; size not published", Double.NaN,
                100 * v.difference().mean(), 100 * v.difference().ci95(), v.difference().n(), directionOutcome(v),
                Glimpse.mode().name().toLowerCase(Locale.ROOT), Instant.now().toString()));
    }

    /** {@link #outcome} for a direction-only claim (a better than b). */
    static String directionOutcome(Verdict v) {
        return switch (v.kind()) {
            case HELD, REVERSED, SIGNIFICANT -> v.difference().mean() > 0 ? "held" : "not held (reversed)";
            case NO_SIGNIFICANT_DIFFERENCE, UNDERPOWERED -> "no significant difference (power unknown: the paper gives no size)";
            case NOT_CONVERGED -> "not converged";
            case ONE_RUN -> "one run: no verdict";
        };
    }

    static synchronized void record(String notebook, Claim c) {
        Path file = file(Glimpse.mode(), notebook);
        Map<String, Claim> all = new LinkedHashMap<>();
        read(file).forEach(x -> all.put(x.setting() + "|" + x.comparison(), x));
        all.put(c.setting() + "|" + c.comparison(), c);   // a verdict printed twice is one claim
        try {
            AtomicWrites.writeString(file, GSON.toJson(new ArrayList<>(all.values())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a claim in " + file + "; fix: make " + file.getParent() + " writable", e);
        }
    }

    /**
     * Drops what {@code notebook} recorded in {@code mode}: {@code ./glimpse run} calls it before each run, so a
     * run that records nothing (it failed early, or its verdicts changed) leaves no earlier run's claims behind.
     */
    public static synchronized void forget(Glimpse.Mode mode, String notebook) {
        Path file = file(mode, notebook);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the earlier claims " + file + "; fix: make " + file.getParent() + " writable", e);
        }
    }

    static Path file(Glimpse.Mode mode, String notebook) {
        return Glimpse.cacheDir().resolve("claims").resolve(mode.name().toLowerCase(Locale.ROOT)).resolve(notebook + ".json");
    }

    private static List<Claim> read(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            List<Claim> l = GSON.fromJson(Files.readString(file), new TypeToken<List<Claim>>() {}.getType());
            return l == null ? List.of() : l;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the recorded claims " + file + " (" + e.getMessage() + "); fix: delete it and re-run its notebook", e);
        }
    }

    /** Every claim recorded in {@code mode}, notebook by notebook. */
    public static List<Claim> of(Glimpse.Mode mode) {
        Path dir = Glimpse.cacheDir().resolve("claims").resolve(mode.name().toLowerCase(Locale.ROOT));
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().flatMap(p -> read(p).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The claims of paper-mode runs that a paper section made, on a paper's benchmark. A {@code --paper} run
     * also runs the notebook's CPU sections (at larger budgets, on the embedded data): their claims have a
     * setting that quick or full runs of the same notebook record too, and are left out. (A paper-mode CPU
     * setting that no quick or full run has recorded would pass; run {@code ./glimpse test} first.)
     */
    public static List<Claim> paperScale() {
        Set<String> cpuSettings = new HashSet<>();
        for (Glimpse.Mode m : List.of(Glimpse.Mode.QUICK, Glimpse.Mode.FULL))
            of(m).forEach(c -> cpuSettings.add(c.notebook() + "|" + c.setting()));
        return of(Glimpse.Mode.PAPER).stream().filter(c -> !cpuSettings.contains(c.notebook() + "|" + c.setting())).toList();
    }

    /**
     * One row per claim: paper, claim, the paper's number, ours ± CI, the outcome; and every paper-scale
     * result ({@link #paperScale()}) of the same notebook and comparison, each with its setting (else a dash).
     */
    public static Table table(String title, List<Claim> ours, List<Claim> paperScale) {
        Table t = Table.create(title);
        List<String> paper = new ArrayList<>(), claim = new ArrayList<>(), reported = new ArrayList<>(), mine = new ArrayList<>(),
                outcome = new ArrayList<>(), atScale = new ArrayList<>();
        for (Claim c : ours) {
            paper.add(PAPERS.getOrDefault(c.notebook().substring(0, 2), c.notebook()));
            claim.add(c.comparison() + " (" + c.setting() + ")");
            reported.add(c.paper());
            mine.add(interval(c));
            outcome.add(c.outcome());
            List<String> same = paperScale.stream().filter(p -> p.notebook().equals(c.notebook()) && p.comparison().equals(c.comparison()))
                    .map(p -> interval(p) + " (" + p.setting() + "): " + p.outcome()).toList();
            atScale.add(same.isEmpty() ? Show.MISSING : String.join("; ", same));
        }
        t.addColumns(StringColumn.create("paper", paper), StringColumn.create("claim: a − b (setting)", claim),
                StringColumn.create("the paper's a − b", reported), StringColumn.create("ours, pp", mine),
                StringColumn.create("direction", outcome), StringColumn.create("paper scale", atScale));
        return t;
    }

    /**
     * What 06-results shows before any claim is recorded in {@code mode}: no results yet, and per paper
     * the run that records its claims. No number stands in it: none has been computed.
     */
    public static Table noResults(Glimpse.Mode mode) {
        Table t = Table.create("No results yet: no " + mode.name().toLowerCase(Locale.ROOT) + "-mode run of " + String.join(", ", notebooks())
                + " has recorded a claim; run " + runCommand(mode, notebooks()) + " first");
        t.addColumns(StringColumn.create("paper", notebooks().stream().map(PAPERS::get)),
                StringColumn.create("results", notebooks().stream().map(nb -> "none yet")),
                StringColumn.create("to record its claims", notebooks().stream().map(nb -> runCommand(mode, List.of(nb)))));
        return t;
    }

    /** Why 06-results draws no figure in {@code mode} yet, for {@link Figures#skipped}. */
    public static String noResultsReason(Glimpse.Mode mode) {
        return "no claims recorded yet in " + mode.name().toLowerCase(Locale.ROOT) + " mode; run " + runCommand(mode, notebooks()) + " first";
    }

    /** The notebooks that record claims, in order: "01" … "05". */
    static List<String> notebooks() { return PAPERS.keySet().stream().sorted().toList(); }

    /** The run that records {@code notebooks}' claims in {@code mode}: "./glimpse run 01 02 --full". */
    static String runCommand(Glimpse.Mode mode, List<String> notebooks) {
        return "./glimpse run " + String.join(" ", notebooks) + " --" + mode.name().toLowerCase(Locale.ROOT);
    }

    static String interval(Claim c) {
        return Double.isNaN(c.ciPp()) ? String.format(Locale.ROOT, "%+.2f (1 seed)", c.oursPp())
                : String.format(Locale.ROOT, "%+.2f ± %.2f over %d seeds", c.oursPp(), c.ciPp(), c.seeds());
    }

    /** A bar's label: its number in the table and setting; a one-seed bar says so, since it has no interval to draw. */
    static String label(int number, Claim c) {
        return number + ". " + c.setting() + (Double.isNaN(c.ciPp()) ? " (1 seed, no CI)" : "") + (Double.isNaN(c.paperPp()) ? " (paper: no size)" : "");
    }

    /** One paper's claims as bars: ours ± 95% CI beside the paper's reported difference, in percentage points. */
    public static BufferedImage figure(String title, List<Claim> claims) {
        if (claims.isEmpty()) throw new IllegalArgumentException("no claims to draw for " + title + "; run its notebook first");
        List<String> labels = new ArrayList<>();
        double[] ours = new double[claims.size()], ci = new double[claims.size()], paper = new double[claims.size()];
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            labels.add(label(i + 1, c));
            ours[i] = c.oursPp();
            ci[i] = Double.isNaN(c.ciPp()) ? 0 : c.ciPp();
            paper[i] = c.paperPp();
        }
        if (Arrays.stream(paper).allMatch(Double::isNaN))   // a paper that states directions only: our bars alone
            return Figures.barsWithCi(title + " (the paper gives no sizes)", "a − b, percentage points", labels, ours, ci);
        // where one claim has no size and others do, its paper bar stays at 0 and its label says so
        return Figures.barsBeside(title, "a − b, percentage points", labels, "ours ± 95% CI over seeds", ours, ci, "the paper",
                Arrays.stream(paper).map(v -> Double.isNaN(v) ? 0 : v).toArray());
    }
}
