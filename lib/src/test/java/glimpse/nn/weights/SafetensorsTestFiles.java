package glimpse.nn.weights;

import ai.djl.nn.Parameter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes safetensors files for the tests, well-formed or with a hand-written (lying) header. */
public final class SafetensorsTestFiles {
    private SafetensorsTestFiles() {}

    /** One tensor: its safetensors dtype name, shape and little-endian bytes. */
    public record Entry(String dtype, long[] shape, byte[] data) {
        public static Entry f32(long[] shape, float... values) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) b.putFloat(v);
            return new Entry("F32", shape, b.array());
        }
    }

    /** A well-formed file: the entries back to back in the given order. */
    public static Path write(Path file, Map<String, Entry> entries) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (var e : entries.entrySet()) {
            if (header.length() > 1) header.append(',');
            StringBuilder shape = new StringBuilder();
            for (long s : e.getValue().shape()) shape.append(shape.length() > 0 ? "," : "").append(s);
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(e.getValue().dtype()).append("\",\"shape\":[").append(shape)
                    .append("],\"data_offsets\":[").append(offset).append(',').append(offset + e.getValue().data().length).append("]}");
            offset += e.getValue().data().length;
        }
        header.append('}');
        try (var out = Files.newOutputStream(file)) {
            out.write(headerPrefix(header.toString()));
            for (Entry e : entries.values()) out.write(e.data());
        }
        return file;
    }

    /** A file with exactly this header text and data bytes (the length field is the header's true length). */
    public static Path raw(Path file, String header, byte[] data) throws IOException {
        byte[] prefix = headerPrefix(header);
        byte[] all = new byte[prefix.length + data.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(data, 0, all, prefix.length, data.length);
        Files.write(file, all);
        return file;
    }

    static byte[] headerPrefix(String header) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).array();
    }

    /** The model's current parameter values under the checkpoint names of {@code targets}, as F32 entries. */
    public static Map<String, Entry> fromTargets(List<WeightImport.Target> targets) {
        Map<String, Entry> out = new java.util.LinkedHashMap<>();
        for (WeightImport.Target t : targets) {
            Parameter p = t.parameter();
            out.put(t.name(), Entry.f32(p.getArray().getShape().getShape(), p.getArray().toFloatArray()));
        }
        return out;
    }
}
