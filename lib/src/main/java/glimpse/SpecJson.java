package glimpse;

import com.google.gson.ExclusionStrategy;
import com.google.gson.FieldAttributes;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A spec as JSON for keys — the one rule for what identifies a result, used by the result cache
 * (glimpse.experiment.ResultCache) and by the training checkpoints (glimpse.train.Checkpoint) alike:
 * <ul>
 *   <li>every component of the spec record is in the key, recursively, except a component whose
 *       type is marked {@link NotAKey} (how a run is watched: log interval, checkpoint cadence —
 *       glimpse.train.Watch), which cannot change a number;</li>
 *   <li>a spec holds plug-ins (a few-shot method, a classification method) as records behind an
 *       interface; two plug-ins with the same fields (or none) must not share a key, so every
 *       record that implements an interface (other than its generated builder's {@code With}) is
 *       written with its class name under {@code "@type"}.</li>
 * </ul>
 * A record's {@code toString()} is for people (a short summary) and is never a key.
 */
public final class SpecJson {
    private SpecJson() {}

    /** Marks a type whose values never change a result: fields of this type are left out of every key. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface NotAKey {}

    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues()
            .addSerializationExclusionStrategy(new LeaveOutNotAKey())
            .registerTypeAdapterFactory(new TypedPlugIns()).create();

    /** The key text of {@code spec}. */
    public static String of(Object spec) { return GSON.toJson(spec); }

    /** The key of {@code spec} as a JSON tree (stored beside a cached result, to say what it was computed from). */
    public static JsonElement tree(Object spec) { return GSON.toJsonTree(spec); }

    /** The {@code XBuilder.With} interface a record implements for its generated builder: a way to derive it, not a plug-in contract. */
    static boolean isGeneratedWither(Class<?> type) {
        Class<?> outer = type.getEnclosingClass();
        return type.getSimpleName().equals("With") && outer != null && outer.getSimpleName().endsWith("Builder");
    }

    private static final class LeaveOutNotAKey implements ExclusionStrategy {
        @Override public boolean shouldSkipField(FieldAttributes f) { return f.getDeclaredClass().isAnnotationPresent(NotAKey.class); }
        @Override public boolean shouldSkipClass(Class<?> c) { return false; }
    }

    private static final class TypedPlugIns implements TypeAdapterFactory {
        @Override
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (!raw.isRecord() || java.util.Arrays.stream(raw.getInterfaces()).allMatch(SpecJson::isGeneratedWither)) return null;
            TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
            TypeAdapter<JsonElement> elements = gson.getAdapter(JsonElement.class);
            return new TypeAdapter<>() {
                @Override public void write(JsonWriter out, T value) throws IOException {
                    if (value == null) { out.nullValue(); return; }
                    JsonObject typed = new JsonObject();
                    typed.addProperty("@type", value.getClass().getName());
                    delegate.toJsonTree(value).getAsJsonObject().entrySet().forEach(e -> typed.add(e.getKey(), e.getValue()));
                    elements.write(out, typed);
                }

                @Override public T read(JsonReader in) throws IOException { return delegate.read(in); }
            };
        }
    }
}
