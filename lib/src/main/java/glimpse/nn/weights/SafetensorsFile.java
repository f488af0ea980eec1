package glimpse.nn.weights;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.reflect.TypeToken;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file (Hugging Face's format: an 8-byte little-endian header length N, N bytes of
 * JSON {@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}},
 * then the tensors' bytes, little-endian, row-major, offsets relative to the end of the header),
 * read strictly because a weight file is untrusted input.
 *
 * <p>Checked before anything is allocated from the header's numbers: the header length is at most
 * {@value #MAX_HEADER_BYTES} bytes and inside the file;
 * the JSON is one object, nested no deeper than the format's three levels, with no duplicate names;
 * every tensor has a known dtype, a shape of non-negative sizes and offsets whose span is exactly
 * shape × dtype size; the tensors tile the data section from 0 to the end of the file without gap
 * or overlap (what the reference implementation requires too). So a truncated file or a header
 * that lies about offsets or sizes is refused with the tensor and the numbers, and reading a tensor
 * never allocates more than the bytes the file really holds for it.
 *
 * <p>DJL 0.35.1's {@code NDList.decode} also reads safetensors, but trusts the header: it allocates
 * the header length and the largest claimed offset before reading, which a hostile 100-byte file
 * turns into gigabytes. Hence this reader.
 *
 * <p>A PyTorch checkpoint (.pth/.pt: a zip of pickles, or a bare pickle) is recognised by its first
 * bytes and refused without being parsed: unpickling can run arbitrary code. The message gives the
 * conversion ({@code ./glimpse weights convert}, PyTorch's {@code torch.load(weights_only=True)}).
 */
public final class SafetensorsFile {
    /**
     * The cap on the JSON header: 16 MiB. The reference implementation allows 100 MB, but parsing
     * costs the heap roughly 15 bytes per header byte when the header is many small entries, and
     * the headers of published checkpoints are far smaller (torchvision ResNet-50's: 29 kB).
     */
    public static final long MAX_HEADER_BYTES = 16L << 20;
    private static final int MAX_JSON_DEPTH = 3;   // {tensors: {fields: [numbers]}}

    /** The element types of the format and their sizes in bytes. */
    public enum DType {
        F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U64(8), U32(4), U16(2), U8(1), BOOL(1);

        final int bytes;

        DType(int bytes) { this.bytes = bytes; }

        /** Whether {@link #floats} converts it (the floating types PyTorch checkpoints store weights in). */
        public boolean readableAsFloat() { return this == F32 || this == F16 || this == BF16; }
    }

    /** One tensor's header entry; {@code begin} and {@code end} are absolute positions in the file. */
    public record Tensor(String name, DType dtype, long[] shape, long begin, long end) {
        public long elements() { return Arrays.stream(shape).reduce(1, Math::multiplyExact); }

        public String shapeText() { return shapeText(shape); }

        static String shapeText(long[] shape) {
            StringBuilder s = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
            return s.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    private final Path file;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public Path file() { return file; }

    /** The tensors in file order (by offset). */
    public Map<String, Tensor> tensors() { return tensors; }

    /** The free-form string map under "__metadata__" (empty when absent). */
    public Map<String, String> metadata() { return metadata; }

    /** Reads and checks the header; tensor bytes are read on demand by {@link #floats}. */
    public static SafetensorsFile open(Path file) {
        if (!Files.isRegularFile(file)) throw new WeightFileException(file + ": no such file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] start = read(ch, 0, (int) Math.min(size, 16));
            refuseCheckpointPickles(file, start);
            if (size < 8) throw new WeightFileException(file + ": truncated: " + size + " bytes; a safetensors file starts with an 8-byte header length");
            long headerLength = ByteBuffer.wrap(start, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES)
                throw new WeightFileException(file + ": not a safetensors file: its header length field says " + Long.toUnsignedString(headerLength)
                        + " bytes (a safetensors header is 2 to " + MAX_HEADER_BYTES + " bytes of JSON)");
            if (8 + headerLength > size)
                throw new WeightFileException(file + ": truncated: its header length field says " + headerLength + " bytes, but only "
                        + (size - 8) + " bytes follow it");
            String json = utf8(file, read(ch, 8, (int) headerLength));
            return parse(file, json, 8 + headerLength, size);
        } catch (IOException e) {
            throw new WeightFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The tensor's values as floats (F32, F16 or BF16 in the file), row-major. At most the tensor's
     * own bytes, already checked against the file's size, are read.
     */
    public float[] floats(String name) {
        Tensor t = tensor(name);
        if (!t.dtype().readableAsFloat())
            throw new WeightFileException(file + ": tensor '" + name + "' is " + t.dtype() + "; weights must be F32, F16 or BF16");
        long bytes = t.end() - t.begin();
        if (bytes > Integer.MAX_VALUE - 8) throw new WeightFileException(file + ": tensor '" + name + "' has " + bytes + " bytes, more than this reader holds in one array (2 GiB)");
        byte[] raw;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < t.end()) throw new WeightFileException(file + ": truncated since it was opened: tensor '" + name + "' ends at byte " + t.end() + ", the file has " + ch.size());
            raw = read(ch, t.begin(), (int) bytes);
        } catch (IOException e) {
            throw new WeightFileException(file + ": cannot read tensor '" + name + "': " + e.getMessage(), e);
        }
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) t.elements()];
        switch (t.dtype()) {
            case F32 -> in.asFloatBuffer().get(out);
            case F16 -> { for (int i = 0; i < out.length; i++) out[i] = halfToFloat(in.getShort()); }
            case BF16 -> { for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16); }
            default -> throw new IllegalStateException("checked above");
        }
        return out;
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new WeightFileException(file + ": no tensor '" + name + "'");
        return t;
    }

    /** IEEE 754 binary16 → binary32, exactly (subnormals, infinities and NaN included). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff, sign = (h & 0x8000) << 16, exponent = (h >>> 10) & 0x1f, mantissa = h & 0x3ff;
        if (exponent == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;   // subnormal (or zero): mantissa · 2^-24, exact in float
            return sign != 0 ? -value : value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** A .pth/.pt checkpoint is a zip holding data.pkl (PyTorch ≥ 1.6) or a bare pickle (older): refused unparsed. */
    private static void refuseCheckpointPickles(Path file, byte[] start) {
        boolean zip = start.length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4
                && !(start.length > 8 && start[8] == '{');
        boolean pickle = start.length >= 2 && (start[0] & 0xff) == 0x80 && start[1] >= 2 && start[1] <= 5;
        if (zip || pickle)
            throw new WeightFileException(file + ": a PyTorch checkpoint (" + (zip ? "a zip of pickles" : "a pickle")
                    + "), not safetensors. It is not read: unpickling can run arbitrary code. Convert it with Debian's python3-torch, whose "
                    + "torch.load(weights_only=True) rebuilds tensors only: ./glimpse weights convert " + file + " " + convertedName(file));
    }

    static String convertedName(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.(pth|pt|bin|ckpt|tar)$", "");
        return file.resolveSibling(name + ".safetensors").toString();
    }

    private static SafetensorsFile parse(Path file, String json, long dataStart, long fileSize) {
        checkNesting(file, json);
        Map<String, JsonElement> entries;
        try {
            entries = new Gson().fromJson(json, new TypeToken<LinkedHashMap<String, JsonElement>>() {}.getType());
        } catch (JsonParseException | IllegalStateException e) {
            throw new WeightFileException(file + ": the safetensors header is not one JSON object of tensors: " + e.getMessage(), e);
        }
        if (entries == null) throw new WeightFileException(file + ": the safetensors header is empty JSON");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Tensor> list = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : entries.entrySet()) {
            if (e.getKey().equals("__metadata__")) metadata = metadata(file, e.getValue());
            else list.add(tensor(file, e.getKey(), e.getValue(), dataStart));
        }
        list.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long expectedBegin = dataStart;
        for (Tensor t : list) {
            if (t.begin() != expectedBegin)
                throw new WeightFileException(file + ": tensor '" + t.name() + "' claims data_offsets [" + (t.begin() - dataStart) + ", " + (t.end() - dataStart)
                        + "] but the previous tensor ends at " + (expectedBegin - dataStart) + ": safetensors tensors tile the data without gaps or overlaps");
            expectedBegin = t.end();
        }
        if (expectedBegin > fileSize)
            throw new WeightFileException(file + ": truncated: the header places tensor data up to byte " + expectedBegin + " of the file, which has "
                    + fileSize + " bytes" + (list.isEmpty() ? "" : " (last tensor '" + list.get(list.size() - 1).name() + "')"));
        if (expectedBegin < fileSize)
            throw new WeightFileException(file + ": " + (fileSize - expectedBegin) + " bytes after the last tensor that no header entry describes");
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : list) byName.put(t.name(), t);
        return new SafetensorsFile(file, byName, metadata);
    }

    private static Tensor tensor(Path file, String name, JsonElement value, long dataStart) {
        String where = file + ": tensor '" + name + "': ";
        if (!value.isJsonObject()) throw new WeightFileException(where + "its header entry is not an object");
        JsonObject o = value.getAsJsonObject();
        Set<String> keys = o.keySet();
        if (!keys.equals(Set.of("dtype", "shape", "data_offsets")))
            throw new WeightFileException(where + "its header entry has fields " + keys + "; expected exactly dtype, shape, data_offsets");
        DType dtype = dtype(where, o.get("dtype"));
        long[] shape = naturals(where, "shape", o.get("shape"));
        long[] offsets = naturals(where, "data_offsets", o.get("data_offsets"));
        if (offsets.length != 2 || offsets[0] > offsets[1])
            throw new WeightFileException(where + "data_offsets must be [begin, end] with begin <= end, got " + Arrays.toString(offsets));
        long bytes;
        try {
            bytes = Math.multiplyExact(Arrays.stream(shape).reduce(1, Math::multiplyExact), dtype.bytes);
        } catch (ArithmeticException overflow) {
            throw new WeightFileException(where + "shape " + Tensor.shapeText(shape) + " has more elements than a file can hold");
        }
        if (offsets[1] - offsets[0] != bytes)
            throw new WeightFileException(where + "shape " + Tensor.shapeText(shape) + " of " + dtype + " needs " + bytes + " bytes, but data_offsets "
                    + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
        if (offsets[1] > Long.MAX_VALUE - dataStart) throw new WeightFileException(where + "data_offsets " + Arrays.toString(offsets) + " lie beyond any file");
        return new Tensor(name, dtype, shape, dataStart + offsets[0], dataStart + offsets[1]);
    }

    private static DType dtype(String where, JsonElement e) {
        if (e instanceof JsonPrimitive p && p.isString()) {
            try {
                return DType.valueOf(p.getAsString());
            } catch (IllegalArgumentException unknown) {
                // falls through to the error below
            }
        }
        throw new WeightFileException(where + "unknown dtype " + e + "; the format's are " + Arrays.toString(DType.values()));
    }

    /** A JSON array of integers in [0, 2^53] (exact in JSON numbers), as longs. */
    private static long[] naturals(String where, String field, JsonElement e) {
        if (!e.isJsonArray() || e.getAsJsonArray().size() > 64) throw new WeightFileException(where + field + " must be an array of at most 64 integers, got " + abbreviate(e));
        JsonArray a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            if (!(x instanceof JsonPrimitive p) || !p.isNumber() || !p.getAsString().matches("\\d{1,16}") || p.getAsLong() > (1L << 53))
                throw new WeightFileException(where + field + " must hold non-negative integers, got " + abbreviate(e));
            out[i] = p.getAsLong();
        }
        return out;
    }

    private static Map<String, String> metadata(Path file, JsonElement e) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!e.isJsonObject()) throw new WeightFileException(file + ": __metadata__ must be an object of strings");
        for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
            if (!(m.getValue() instanceof JsonPrimitive p) || !p.isString()) throw new WeightFileException(file + ": __metadata__ must be an object of strings, '" + m.getKey() + "' is not");
            out.put(m.getKey(), p.getAsString());
        }
        return out;
    }

    /** Refuses JSON nested deeper than the format's three levels before a parser recurses into it. */
    private static void checkNesting(Path file, String json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') inString = true;
            else if (c == '{' || c == '[') {
                if (++depth > MAX_JSON_DEPTH) throw new WeightFileException(file + ": the safetensors header nests deeper than the format's "
                        + MAX_JSON_DEPTH + " levels (object of tensors, tensor fields, shape and offsets)");
            } else if (c == '}' || c == ']') depth--;
        }
    }

    private static String utf8(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new WeightFileException(file + ": the safetensors header is not UTF-8 text: not a safetensors file, or a damaged one");
        }
    }

    private static String abbreviate(JsonElement e) {
        String s = String.valueOf(e);
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static byte[] read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, position + buffer.position()) < 0) throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
        }
        return buffer.array();
    }
}
