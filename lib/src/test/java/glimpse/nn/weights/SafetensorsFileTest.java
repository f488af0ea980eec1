package glimpse.nn.weights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading safetensors: values of each float dtype, and every malformed file refused with a message (no crash, no huge allocation). */
class SafetensorsFileTest {
    @TempDir Path dir;

    @Test
    void readsF32F16AndBf16ValuesAsWrittenInFileOrder() throws IOException {
        Map<String, SafetensorsTestFiles.Entry> e = new LinkedHashMap<>();
        e.put("b.f32", SafetensorsTestFiles.Entry.f32(new long[] {3}, 1.5f, -2f, 3.25f));
        // binary16: 1.0 = 0x3C00, -2.5 = 0xC100, 65504 (largest) = 0x7BFF, 2^-24 (smallest subnormal) = 0x0001, 2^-14 (smallest normal) = 0x0400, +inf = 0x7C00
        e.put("a.f16", new SafetensorsTestFiles.Entry("F16", new long[] {2, 3}, shorts(0x3C00, 0xC100, 0x7BFF, 0x0001, 0x0400, 0x7C00)));
        // bfloat16 is the top half of binary32: 1.0 = 0x3F80, -3.0 = 0xC040, 0.15625 = 0x3E20
        e.put("c.bf16", new SafetensorsTestFiles.Entry("BF16", new long[] {3}, shorts(0x3F80, 0xC040, 0x3E20)));
        e.put("d.counter", new SafetensorsTestFiles.Entry("I64", new long[] {}, new byte[8]));
        SafetensorsFile f = SafetensorsFile.open(SafetensorsTestFiles.write(dir.resolve("ok.safetensors"), e));
        assertEquals(java.util.List.of("b.f32", "a.f16", "c.bf16", "d.counter"), java.util.List.copyOf(f.tensors().keySet()));
        assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, f.floats("b.f32"));
        assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f, 0x1p-14f, Float.POSITIVE_INFINITY}, f.floats("a.f16"));
        assertArrayEquals(new float[] {1f, -3f, 0.15625f}, f.floats("c.bf16"));
        assertEquals("(2, 3)", f.tensor("a.f16").shapeText());
        WeightFileException notFloat = assertThrows(WeightFileException.class, () -> f.floats("d.counter"));
        assertTrue(notFloat.getMessage().contains("tensor 'd.counter' is I64; weights must be F32, F16 or BF16"), notFloat.getMessage());
    }

    @Test
    void halfPrecisionDecodesSignsSubnormalsAndNaN() {
        assertEquals(-0f, SafetensorsFile.halfToFloat((short) 0x8000));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(SafetensorsFile.halfToFloat((short) 0x8000)));
        assertEquals(-3 * 0x1p-24f, SafetensorsFile.halfToFloat((short) 0x8003));
        assertEquals(0x3ffp-24f, SafetensorsFile.halfToFloat((short) 0x03FF));       // largest subnormal
        assertEquals(1 + 0x1p-10f, SafetensorsFile.halfToFloat((short) 0x3C01));     // one ulp above 1
        assertTrue(Float.isNaN(SafetensorsFile.halfToFloat((short) 0x7E00)));
        assertEquals(Float.NEGATIVE_INFINITY, SafetensorsFile.halfToFloat((short) 0xFC00));
    }

    @Test
    void readsTheMetadataAndAcceptsSpacePaddedHeaders() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}    ";
        SafetensorsFile f = SafetensorsFile.open(SafetensorsTestFiles.raw(dir.resolve("m.safetensors"), header, floats(7f)));
        assertEquals(Map.of("format", "pt"), f.metadata());
        assertArrayEquals(new float[] {7f}, f.floats("w"));
    }

    @Test
    void aFileShorterThanItsLengthFieldIsRefused() throws IOException {
        Files.write(dir.resolve("tiny"), new byte[] {5, 0, 0});
        assertRefused(dir.resolve("tiny"), "truncated: 3 bytes");
    }

    @Test
    void aHeaderLengthBeyondTheFileOrTheCapIsRefusedBeforeAnythingIsAllocated() throws IOException {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(5_000_000L).put("{}      ".getBytes()).array();
        assertRefused(Files.write(dir.resolve("long"), bytes), "its header length field says 5000000 bytes, but only 8 bytes follow it");
        bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(SafetensorsFile.MAX_HEADER_BYTES + 1).put("{}      ".getBytes()).array();
        assertRefused(Files.write(dir.resolve("capped"), bytes), "header length field says " + (SafetensorsFile.MAX_HEADER_BYTES + 1) + " bytes (a safetensors header is 2 to 16777216 bytes");
        bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE - 3).put("{}      ".getBytes()).array();
        assertRefused(Files.write(dir.resolve("huge"), bytes), "header length field says 9223372036854775804 bytes");
        bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).put("{}      ".getBytes()).array();
        assertRefused(Files.write(dir.resolve("negative"), bytes), "header length field says 18446744073709551615 bytes");
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheLastTensor() throws IOException {
        Map<String, SafetensorsTestFiles.Entry> e = new LinkedHashMap<>();
        e.put("w", SafetensorsTestFiles.Entry.f32(new long[] {4}, 1, 2, 3, 4));
        Path file = SafetensorsTestFiles.write(dir.resolve("cut.safetensors"), e);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 5));
        assertRefused(file, "truncated: the header places tensor data up to byte " + all.length + " of the file, which has " + (all.length - 5) + " bytes (last tensor 'w')");
    }

    @Test
    void offsetsFarBeyondTheFileAreRefusedWithoutAllocatingThem() throws IOException {
        // 2^30 floats claimed (4 GiB) in a file of a few bytes: refused from the header alone
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1073741824],\"data_offsets\":[0,4294967296]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("big"), header, floats(1f)), "truncated: the header places tensor data up to byte");
    }

    @Test
    void offsetsThatDisagreeWithTheShapeAreRefused() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("span"), header, floats(1f, 2f)), "tensor 'w': shape (3,) of F32 needs 12 bytes, but data_offsets [0, 8] span 8");
    }

    @Test
    void overlappingTensorsAndGapsAreRefused() throws IOException {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("overlap"), overlap, floats(1, 2, 3)), "tensor 'b' claims data_offsets [4, 12] but the previous tensor ends at 8");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("gap"), gap, floats(1, 2)), "tensor 'a' claims data_offsets [4, 8] but the previous tensor ends at 0");
        String trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("trailing"), trailing, floats(1, 2)), "4 bytes after the last tensor that no header entry describes");
    }

    @Test
    void shapesThatOverflowOrAreNotNaturalNumbersAreRefused() throws IOException {
        String overflow = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("overflow"), overflow, floats(1)), "has more elements than a file can hold");
        String negative = "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("negative"), negative, floats(1)), "shape must hold non-negative integers");
        String fraction = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("fraction"), fraction, floats(1)), "data_offsets must hold non-negative integers");
        String reversed = "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("reversed"), reversed, floats(1)), "data_offsets must be [begin, end] with begin <= end");
    }

    @Test
    void headersThatAreNotTheFormatsJsonAreRefused() throws IOException {
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("garbage"), "{not json at all", new byte[0]), "not one JSON object of tensors");
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("array"), "[1, 2]", new byte[0]), "not one JSON object of tensors");
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("deep"), "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", new byte[0]),
                "nests deeper than the format's 3 levels");
        String duplicate = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("duplicate"), duplicate, floats(1)), "duplicate key: w");
        String dtype = "{\"w\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("dtype"), dtype, new byte[1]), "tensor 'w': unknown dtype \"F8\"");
        String extra = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"code\":\"x\"}}";
        assertRefused(SafetensorsTestFiles.raw(dir.resolve("extra"), extra, floats(1)), "expected exactly dtype, shape, data_offsets");
        byte[] latin1 = {'{', '"', (byte) 0xE9, '"', ':', '1', '}', ' '};
        Path notUtf8 = dir.resolve("latin1");
        Files.write(notUtf8, concat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(latin1.length).array(), latin1));
        assertRefused(notUtf8, "the safetensors header is not UTF-8 text");
    }

    @Test
    void pytorchCheckpointsAreRefusedUnparsedWithTheConversionCommand() throws IOException {
        Path zip = dir.resolve("resnet50-0676ba61.pth");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0});
        assertRefused(zip, "a PyTorch checkpoint (a zip of pickles), not safetensors. It is not read: unpickling can run arbitrary code");
        assertRefused(zip, "./glimpse weights convert " + zip + " " + dir.resolve("resnet50-0676ba61.safetensors"));
        Path pickle = dir.resolve("legacy.pt");
        Files.write(pickle, new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n'});   // PROTO 2, GLOBAL os.system
        assertRefused(pickle, "a PyTorch checkpoint (a pickle), not safetensors");
    }

    @Test
    void aMissingFileIsNamed() {
        assertRefused(dir.resolve("absent.safetensors"), "absent.safetensors: no such file");
    }

    private static void assertRefused(Path file, String expected) {
        WeightFileException e = assertThrows(WeightFileException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "the message names the file: " + e.getMessage());
    }

    private static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putShort((short) v);
        return b.array();
    }

    private static byte[] floats(float... values) { return SafetensorsTestFiles.Entry.f32(new long[] {values.length}, values).data(); }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
