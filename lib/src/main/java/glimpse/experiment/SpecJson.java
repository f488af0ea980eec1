package glimpse.experiment;

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

/**
 * A spec as JSON for cache keys. A spec holds plug-ins (a few-shot method, a classification
 * method) as records behind an interface; two plug-ins with the same fields (or none) must not
 * share a key, so every record that implements an interface is written with its class name
 * under {@code "@type"}.
 */
final class SpecJson {
    private SpecJson() {}

    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues()
            .registerTypeAdapterFactory(new TypedPlugIns()).create();

    static String of(Object spec) { return GSON.toJson(spec); }

    static JsonElement tree(Object spec) { return GSON.toJsonTree(spec); }

    private static final class TypedPlugIns implements TypeAdapterFactory {
        @Override
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (!raw.isRecord() || raw.getInterfaces().length == 0) return null;
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
