package glimpse.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import glimpse.data.ImageSet;
import glimpse.train.BatchSource;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training step's time goes: runs the shared loop on the bench's Conv-4 workload with
 * libtorch's profiler on for the timed steps, writes the Chrome trace, and prints (1) wall time
 * per step, (2) time inside top-level libtorch operators per step (the rest is Java, JNI crossings
 * and allocation outside operators), (3) the operators with the most exclusive time.
 *
 * <p>{@code java -cp … glimpse.bench.Profile [steps=20] [warmup=8] [batch=128] [out=build/bench/trace.json]}
 */
public final class Profile {
    private Profile() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>(Map.of("steps", "20", "warmup", "8", "batch", "128", "out", "build/bench/trace.json"));
        for (String s : args) a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        int steps = Integer.parseInt(a.get("steps")), warmup = Integer.parseInt(a.get("warmup")), batch = Integer.parseInt(a.get("batch"));
        Path out = Path.of(a.get("out")).toAbsolutePath();
        Files.createDirectories(out.getParent());
        ImageSet data = Peers.syntheticImages(8192);
        BatchSource inner = BatchSource.shuffled(data, batch, 0);
        long[] marks = new long[2];
        BatchSource profiled = (m, step) -> {
            if (step == warmup) { JniUtils.startProfile(false, false, false); marks[0] = System.nanoTime(); }
            if (step == warmup + steps) { marks[1] = System.nanoTime(); JniUtils.stopProfile(out.toString()); }
            return inner.batch(m, step);
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainLoop.fit(manager, Peers.conv4(), profiled, TrainConfig.builder().steps(warmup + steps + 1)
                    .batchSize(batch).logEvery(0).build(), StepLoss.crossEntropy());
        }
        double wallMs = (marks[1] - marks[0]) / 1e6 / steps;
        System.out.printf("wall per step %.1f ms (%.0f img/s with the profiler on)%n", wallMs, batch * 1000 / wallMs);
        summarize(out, steps, wallMs);
    }

    /** Exclusive (self) time per operator name from a Chrome trace of complete ("X") events. */
    static void summarize(Path trace, int steps, double wallMs) throws IOException {
        JsonElement root = new Gson().fromJson(Files.readString(trace), JsonElement.class);
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        record Ev(String name, long tid, double ts, double dur) {}
        Map<Long, List<Ev>> byThread = new HashMap<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (!o.has("dur") || !"X".equals(o.get("ph").getAsString())) continue;
            Ev ev = new Ev(o.get("name").getAsString(), o.has("tid") ? o.get("tid").getAsLong() : 0, o.get("ts").getAsDouble(), o.get("dur").getAsDouble());
            byThread.computeIfAbsent(ev.tid(), k -> new ArrayList<>()).add(ev);
        }
        Map<String, double[]> self = new HashMap<>();   // name -> {self µs, calls}
        double topLevel = 0;
        for (List<Ev> list : byThread.values()) {
            list.sort(Comparator.comparingDouble(Ev::ts).thenComparing(Comparator.comparingDouble(Ev::dur).reversed()));
            List<Ev> stack = new ArrayList<>();
            List<double[]> childTime = new ArrayList<>();
            for (Ev ev : list) {
                while (!stack.isEmpty() && stack.get(stack.size() - 1).ts() + stack.get(stack.size() - 1).dur() <= ev.ts()) pop(stack, childTime, self);
                if (stack.isEmpty()) topLevel += ev.dur();
                else childTime.get(childTime.size() - 1)[0] += ev.dur();
                stack.add(ev);
                childTime.add(new double[] {0});
            }
            while (!stack.isEmpty()) pop(stack, childTime, self);
        }
        System.out.printf("inside top-level libtorch ops %.1f ms per step (%.0f%% of wall); outside ops %.1f ms%n",
                topLevel / 1000 / steps, 100 * topLevel / 1000 / steps / wallMs, wallMs - topLevel / 1000 / steps);
        System.out.println("operator                                   self ms/step  calls/step");
        self.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0])).limit(25)
                .forEach(e -> System.out.printf("%-44s %10.2f %10.1f%n", e.getKey(), e.getValue()[0] / 1000 / steps, e.getValue()[1] / steps));
        double calls = self.values().stream().mapToDouble(v -> v[1]).sum();
        System.out.printf("all operators: %.0f calls per step%n", calls / steps);
    }

    private static <E> void pop(List<E> stack, List<double[]> childTime, Map<String, double[]> self) {
        Object top = stack.remove(stack.size() - 1);
        double child = childTime.remove(childTime.size() - 1)[0];
        try {
            var rc = top.getClass().getRecordComponents();
            String name = (String) rc[0].getAccessor().invoke(top);
            double dur = (double) rc[3].getAccessor().invoke(top);
            double[] v = self.computeIfAbsent(name, k -> new double[2]);
            v[0] += dur - child;
            v[1] += 1;
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
