package glimpse.data.glyphs;

import glimpse.Glimpse;
import glimpse.data.SourceFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The rendered set on disk, in one little-endian binary file under
 * {@code Glimpse.cacheDir()/glyphs/}: magic, size, class count, image count, the set's sha256 (64
 * ASCII hex digits), a CRC-32C of the rest, then code points, labels, face indices, pixels. The file name carries a key of the
 * rendering options and of the font files' sizes and dates, so new fonts or options never hit an
 * old file. A file whose content does not match its CRC is reported as corrupt and rendered again.
 */
public final class GlyphCache {
    private GlyphCache() {}

    private static final byte[] MAGIC = "GLIMPSE-GLYPHS-2".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = 16 + 12 + 64 + 8;

    public static Path dir() { return Glimpse.cacheDir().resolve("glyphs"); }

    public static Path file(GlyphsConfig c) {
        return dir().resolve("glyphs-" + key(c).substring(0, 16) + ".bin");
    }

    /** What the rendering depends on: the options that shape images and the font files as they are now. */
    static String key(GlyphsConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.imageSize()).append('|').append(c.emPixels()).append('|').append(c.instancesPerClass()).append('|')
                .append(c.seed()).append('|').append(c.jitter()).append('|').append(c.classes()).append('|');
        for (FontFace f : c.fonts()) {
            Path p = Path.of(f.file());
            sb.append(f.file()).append(':').append(f.typeface()).append(':');
            try {
                sb.append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                sb.append("missing");
            }
            sb.append('|');
        }
        return SourceFiles.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, RenderedGlyphs r) throws IOException {
        int n = r.count(), k = r.codePoints().length;
        ByteBuffer body = ByteBuffer.allocate(4 * k + 4 * n + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int cp : r.codePoints()) body.putInt(cp);
        for (int y : r.labels()) body.putInt(y);
        for (short f : r.faces()) body.putShort(f);
        CRC32C crc = new CRC32C();
        crc.update(body.array());
        crc.update(r.pixels());
        ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putInt(r.size()).putInt(k).putInt(n).put(r.sha256().getBytes(StandardCharsets.US_ASCII)).putLong(crc.getValue());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (ByteBuffer b : new ByteBuffer[]{head.flip(), body.flip(), ByteBuffer.wrap(r.pixels())}) {
                while (b.hasRemaining()) ch.write(b);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a cache file; IOException when it is not a complete, intact one. Integrity is checked
     * with the CRC-32C written alongside (fast enough for the 2-second load budget); the sha256 in
     * the header is the one computed from these same bytes when they were rendered.
     */
    public static RenderedGlyphs read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head);
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new IOException("not a Glyphs cache file (bad magic)");
            int size = head.getInt(), k = head.getInt(), n = head.getInt();
            byte[] sha = new byte[64];
            head.get(sha);
            long storedCrc = head.getLong();
            long expectedBytes = HEADER_BYTES + 4L * k + 6L * n + (long) n * size * size;
            if (size <= 0 || k < 0 || n < 0 || ch.size() != expectedBytes)
                throw new IOException("truncated or malformed (" + ch.size() + " bytes, expected " + expectedBytes + ")");
            ByteBuffer body = ByteBuffer.allocate(4 * k + 6 * n).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, body);
            byte[] pixels = new byte[n * size * size];
            readFully(ch, ByteBuffer.wrap(pixels));
            CRC32C crc = new CRC32C();
            crc.update(body.array());
            crc.update(pixels);
            if (crc.getValue() != storedCrc) throw new IOException("content does not match its CRC-32C (corrupt file)");
            int[] cps = new int[k], labels = new int[n];
            short[] faces = new short[n];
            for (int i = 0; i < k; i++) cps[i] = body.getInt();
            for (int i = 0; i < n; i++) labels[i] = body.getInt();
            for (int i = 0; i < n; i++) faces[i] = body.getShort();
            return new RenderedGlyphs(size, cps, labels, faces, pixels, new String(sha, StandardCharsets.US_ASCII));
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) throw new IOException("truncated");
        }
        b.flip();
    }
}
