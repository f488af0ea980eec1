package glimpse.data.glyphs;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import glimpse.data.Dataset;
import glimpse.data.DatasetReader;

import glimpse.data.Manifests;
import glimpse.data.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reader "glyph-diacritics": the {@link DiacriticGlyphs} task (TASN's fine-grained setting: accented
 * families of the Glyphs set, typeface-disjoint split) as a dataset with splits "train" and "test",
 * so classification experiments name it by manifest id like any other set. The fonts come from the
 * Glyphs manifest named by {@code options.glyphs} (default "glyphs"); every other option is a field
 * of {@link DiacriticGlyphs.Spec} and defaults to {@link DiacriticGlyphs.Spec#defaults()}. Renders are
 * cached on disk by {@link DiacriticGlyphs#load}.
 */
public final class DiacriticGlyphsReader implements DatasetReader {

    @Override
    public Dataset read(Manifest m) {
        DiacriticGlyphs.Task task = DiacriticGlyphs.load(Manifests.of(glyphsId(m)), spec(m));
        return new Dataset(m, Map.of("train", task.train(), "test", task.test()));
    }

    static String glyphsId(Manifest m) {
        JsonObject o = m.options();
        return o != null && o.has("glyphs") ? o.get("glyphs").getAsString() : Glyphs.ID;
    }

    /** The task's spec: the manifest's options over the defaults. */
    public static DiacriticGlyphs.Spec spec(Manifest m) {
        DiacriticGlyphs.Spec d = DiacriticGlyphs.Spec.defaults();
        JsonObject o = m.options() == null ? new JsonObject() : m.options();
        List<String> families = d.families();
        if (o.has("families")) {
            JsonArray a = o.getAsJsonArray("families");
            families = new ArrayList<>();
            for (var e : a) families.add(e.getAsString());
        }
        return new DiacriticGlyphs.Spec(families,
                o.has("imageSize") ? o.get("imageSize").getAsInt() : d.imageSize(),
                o.has("emPixels") ? o.get("emPixels").getAsDouble() : d.emPixels(),
                o.has("instancesPerFace") ? o.get("instancesPerFace").getAsInt() : d.instancesPerFace(),
                o.has("testTypefaceFraction") ? o.get("testTypefaceFraction").getAsDouble() : d.testTypefaceFraction(),
                o.has("minTrainTypefaces") ? o.get("minTrainTypefaces").getAsInt() : d.minTrainTypefaces(),
                o.has("seed") ? o.get("seed").getAsLong() : d.seed());
    }

    @Override
    public CheckReport check(Manifest m) {
        return checkByReading(m, "rendered from the fonts of the " + glyphsId(m) + " manifest; cached under <cache>/glyphs/diacritics-*.bin");
    }
}
