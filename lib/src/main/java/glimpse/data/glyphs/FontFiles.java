package glimpse.data.glyphs;

import glimpse.data.DatasetException;
import glimpse.data.Manifest;
import glimpse.data.SourceFiles;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Opens exactly the font files a manifest lists; a missing file names its package and the install command. */
public final class FontFiles {
    private FontFiles() {}

    static {
        Headless.ensure();
    }

    public static List<LoadedFace> open(List<FontFace> faces, Manifest manifest) {
        List<FontFace> missing = faces.stream().filter(f -> !Files.isRegularFile(Path.of(f.file()))).toList();
        if (!missing.isEmpty()) {
            Set<String> packages = new LinkedHashSet<>();
            missing.forEach(f -> packages.add(f.debianPackage()));
            StringBuilder which = new StringBuilder();
            for (FontFace f : missing) which.append("\n    ").append(f.file()).append("  (Debian package ").append(f.debianPackage()).append(')');
            throw DatasetException.of(missing.size() + " of the " + faces.size() + " font files the Glyphs set is rendered from "
                            + (missing.size() == 1 ? "is" : "are") + " missing:" + which,
                    Path.of(missing.get(0).file()), manifest,
                    "install the font package" + (packages.size() == 1 ? "" : "s") + ": sudo apt-get install " + String.join(" ", packages));
        }
        List<LoadedFace> out = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            FontFace f = faces.get(i);
            try {
                Font font = Font.createFont(Font.TRUETYPE_FONT, Path.of(f.file()).toFile()).deriveFont(LoadedFace.OUTLINE_SIZE);
                out.add(new LoadedFace(i, f, font));
            } catch (FontFormatException | IOException e) {
                throw DatasetException.of("Cannot read the font file (" + e.getMessage() + ")", Path.of(f.file()), manifest,
                        "reinstall it: sudo apt-get install --reinstall " + f.debianPackage());
            }
        }
        return out;
    }

    /** sha256 of a font file, or "missing". */
    public static String sha256(String file) {
        try {
            return SourceFiles.sha256(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            return "missing";
        }
    }
}
