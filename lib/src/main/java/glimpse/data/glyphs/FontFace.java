package glimpse.data.glyphs;

/**
 * One font file the Glyphs set is rendered from, as the manifest lists it.
 *
 * @param file          absolute path of the font file (TrueType or OpenType)
 * @param debianPackage the Debian package that ships the file
 * @param typeface      the design it belongs to; faces of one typeface (bold, italic, other scripts
 *                      of the same design) count once towards a class's minimum number of typefaces
 * @param style         regular, bold, italic, bold-italic, ... (for reports and pictures)
 * @param sha256        the file's checksum when the manifest was written; only used to explain a
 *                      checksum mismatch of the rendered set, may be null
 */
public record FontFace(String file, String debianPackage, String typeface, String style, String sha256) {
    public String fileName() { return java.nio.file.Path.of(file).getFileName().toString(); }
}
