package glimpse.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.List;

/**
 * What the report index shows of an executed notebook, read from its .ipynb.
 * <ul>
 *   <li><b>Headline</b>: the text printed by the last code cell that prints any — each notebook ends
 *       with the cell that prints its verdict lines (the one rule, glimpse.eval.Verdicts), so this
 *       is what the run concluded; a notebook without one shows its last printed result. The result
 *       cache's notes ("[cache] …") and the line naming the run log ("[log] …") are left out.</li>
 *   <li><b>Key figure</b>: the image of a cell tagged {@code key-figure} in its metadata; without
 *       one, the first figure after the notebook's first table (its first results, by the notebooks'
 *       layout: set-up, results, then the figure that plots them); without a table, the last figure.</li>
 * </ul>
 */
public record NotebookSummary(List<String> headline, String keyFigurePng) {
    public static final int MAX_LINES = 16;
    public static final int MAX_CHARS = 220;
    public static final String KEY_FIGURE_TAG = "key-figure";

    public static NotebookSummary of(String ipynbJson) {
        JsonObject nb = JsonParser.parseString(ipynbJson).getAsJsonObject();
        JsonArray cells = nb.getAsJsonArray("cells");
        List<String> headline = List.of();
        String tagged = null, afterTable = null, last = null;
        boolean tableSeen = false;
        for (JsonElement ce : cells) {
            JsonObject cell = ce.getAsJsonObject();
            if (!"code".equals(str(cell.get("cell_type")))) continue;
            boolean isTagged = tags(cell).contains(KEY_FIGURE_TAG);
            StringBuilder printed = new StringBuilder();
            JsonArray outputs = cell.has("outputs") ? cell.getAsJsonArray("outputs") : new JsonArray();
            for (JsonElement oe : outputs) {
                JsonObject o = oe.getAsJsonObject();
                String type = str(o.get("output_type"));
                if ("stream".equals(type) && "stdout".equals(str(o.get("name")))) printed.append(text(o.get("text")));
                if (!o.has("data")) continue;
                JsonObject data = o.getAsJsonObject("data");
                String png = data.has("image/png") ? text(data.get("image/png")).replaceAll("\\s+", "") : null;
                if (png != null) {
                    if (isTagged && tagged == null) tagged = png;
                    if (tableSeen && afterTable == null) afterTable = png;
                    last = png;
                }
                if (data.has("text/html") && text(data.get("text/html")).contains("<table")) tableSeen = true;
            }
            // the result cache's notes ("[cache] 12 results reused …") and where the run log is ("[log] …") say how, not what
            List<String> lines = printed.toString().lines().filter(l -> !l.isBlank() && !l.startsWith("[cache]") && !l.startsWith("[log]")).toList();
            if (!lines.isEmpty()) headline = lines;
        }
        List<String> shown = new ArrayList<>();
        for (String l : headline.subList(0, Math.min(MAX_LINES, headline.size())))
            shown.add(l.length() > MAX_CHARS ? l.substring(0, MAX_CHARS - 1) + "…" : l);
        if (headline.size() > MAX_LINES) shown.add("… (" + (headline.size() - MAX_LINES) + " more lines in the notebook)");
        return new NotebookSummary(shown, tagged != null ? tagged : afterTable != null ? afterTable : last);
    }

    private static List<String> tags(JsonObject cell) {
        List<String> out = new ArrayList<>();
        if (cell.has("metadata") && cell.getAsJsonObject("metadata").has("tags"))
            cell.getAsJsonObject("metadata").getAsJsonArray("tags").forEach(t -> out.add(t.getAsString()));
        return out;
    }

    /** nbformat stores text either as one string or as a list of lines. */
    private static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) return "";
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            e.getAsJsonArray().forEach(x -> sb.append(x.getAsString()));
            return sb.toString();
        }
        return e.getAsString();
    }

    private static String str(JsonElement e) { return e == null || e.isJsonNull() ? null : e.getAsString(); }
}
