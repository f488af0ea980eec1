package glimpse.data.glyphs;


import glimpse.data.Manifests;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The manifest's font list: every file opens, and the package named for it is the one dpkg says ships it. */
class GlyphsManifestFontsTest {
    private static final GlyphsConfig C = GlyphsConfig.from(Manifests.of("glyphs"));

    @Test
    void everyListedFontFileOpensAsAPhysicalFont() {
        List<LoadedFace> faces = FontFiles.open(C.fonts(), Manifests.of("glyphs"));
        assertEquals(C.fonts().size(), faces.size());
        for (LoadedFace f : faces) {
            assertTrue(f.font().getNumGlyphs() > 100, f + " has only " + f.font().getNumGlyphs() + " glyphs");
            assertTrue(f.font().canDisplay('A') || f.spec().file().contains("Armenian") || f.spec().file().contains("Georgian"), f.toString());
        }
        assertEquals(C.fonts().size(), C.fonts().stream().map(FontFace::file).distinct().count(), "a file is listed twice");
        assertTrue(C.fonts().stream().map(FontFace::typeface).distinct().count() >= 20, "fewer than 20 typefaces");
    }

    @Test
    void theNamedDebianPackageShipsEachFile() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "not a Debian system");
        List<String> cmd = new ArrayList<>(List.of("dpkg", "-S"));
        C.fonts().forEach(f -> cmd.add(f.file()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Map<String, String> owner = new HashMap<>();  // file -> package, from lines "package: /path/to/file"
        for (String line : out.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) owner.put(line.substring(colon + 2).trim(), line.substring(0, colon).trim());
        }
        for (FontFace f : C.fonts()) assertEquals(owner.get(f.file()), f.debianPackage(), f.file());
    }
}
