package glimpse.data.glyphs;

import com.google.gson.JsonArray;
import glimpse.data.Datasets;
import glimpse.data.Manifests;
import glimpse.data.Manifest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DiacriticGlyphsReaderTest {

    @Test
    void theRepositoryManifestIsTheDefaultTaskThroughItsOwnReader() {
        Manifest m = Manifests.of("glyph-diacritics");
        assertInstanceOf(DiacriticGlyphsReader.class, Datasets.reader(m));
        assertEquals(DiacriticGlyphs.Spec.defaults(), DiacriticGlyphsReader.spec(m));
        assertEquals("glyphs", DiacriticGlyphsReader.glyphsId(m));
    }

    @Test
    void optionsOverrideTheDefaultsFieldByField() {
        Manifest m = Manifests.of("glyph-diacritics");
        var options = m.options().deepCopy();
        JsonArray families = new JsonArray();
        families.add("e");
        options.add("families", families);
        options.addProperty("imageSize", 64);
        options.remove("seed");
        Manifest changed = new Manifest(m.id(), m.title(), m.homepage(), m.licence(), m.citation(), m.purposes(), m.source(), m.files(),
                m.reader(), m.splits(), m.classNames(), m.classTexts(), options, m.location());
        DiacriticGlyphs.Spec d = DiacriticGlyphs.Spec.defaults();
        assertEquals(new DiacriticGlyphs.Spec(List.of("e"), 64, d.emPixels(), d.instancesPerFace(), d.testTypefaceFraction(),
                d.minTrainTypefaces(), d.seed()), DiacriticGlyphsReader.spec(changed));
    }
}
