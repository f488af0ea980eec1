package glimpse.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A spec written into a task file and rebuilt, equal, in the process that computes it (on another node).
 * Specs are records all the way down (plug-ins are records behind interfaces), so a record is written
 * as its class name and its components, and rebuilt through its canonical constructor, which checks it
 * again as any spec is checked; every other value says its own type ({@code "D:0.1"}, {@code "L:7"}).
 *
 * <p>Why not Java serialization: it would need {@code Serializable} on every spec, config and plug-in
 * type of every paper package, and a type that forgets it fails only on a cluster; records need no
 * marker, and a type this cannot write (a class that is not a record, a lambda) is found by a unit
 * test that walks every type reachable from the experiments' specs. The file is also readable: a
 * failed task's report shows the spec it was computing.
 */
public final class TaskCodec {
    private TaskCodec() {}

    private static final String RECORD = "@record", ENUM = "@enum", LIST = "@list", SET = "@set", MAP = "@map", ARRAY = "@array";

    public static JsonElement encode(Object value) {
        if (value == null) return JsonNull.INSTANCE;
        Class<?> c = value.getClass();
        if (value instanceof String s) return new JsonPrimitive("S:" + s);
        if (value instanceof Boolean b) return new JsonPrimitive("Z:" + b);
        if (value instanceof Integer i) return new JsonPrimitive("I:" + i);
        if (value instanceof Long l) return new JsonPrimitive("L:" + l);
        if (value instanceof Double d) return new JsonPrimitive("D:" + d);      // Double.toString reads back to the same bits
        if (value instanceof Float f) return new JsonPrimitive("F:" + f);
        if (value instanceof Short s) return new JsonPrimitive("H:" + s);
        if (value instanceof Byte b) return new JsonPrimitive("B:" + b);
        if (value instanceof Character ch) return new JsonPrimitive("C:" + ch);
        JsonObject o = new JsonObject();
        if (c.isEnum() || (c.getSuperclass() != null && c.getSuperclass().isEnum())) {
            Enum<?> e = (Enum<?>) value;
            o.addProperty(ENUM, e.getDeclaringClass().getName());
            o.addProperty("name", e.name());
        } else if (c.isRecord()) {
            o.addProperty(RECORD, c.getName());
            for (RecordComponent rc : c.getRecordComponents()) {
                try {
                    var accessor = rc.getAccessor();
                    accessor.setAccessible(true);
                    o.add(rc.getName(), encode(accessor.invoke(value)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + "." + rc.getName() + " to write it into a task file", e);
                }
            }
        } else if (c.isArray()) {
            o.addProperty(ARRAY, c.getComponentType().getName());
            JsonArray items = new JsonArray();
            for (int i = 0; i < Array.getLength(value); i++) items.add(encode(Array.get(value, i)));
            o.add("items", items);
        } else if (value instanceof List<?> list) {
            o.add(LIST, items(list));
        } else if (value instanceof Set<?> set) {
            o.add(SET, items(set));
        } else if (value instanceof Map<?, ?> map) {
            JsonArray pairs = new JsonArray();
            map.forEach((k, v) -> { JsonArray p = new JsonArray(); p.add(encode(k)); p.add(encode(v)); pairs.add(p); });
            o.add(MAP, pairs);
        } else {
            throw new IllegalArgumentException(unsupported(c));
        }
        return o;
    }

    private static JsonArray items(Iterable<?> xs) {
        JsonArray a = new JsonArray();
        for (Object x : xs) a.add(encode(x));
        return a;
    }

    static String unsupported(Class<?> c) {
        return "a " + c.getName() + " cannot be written into a task file: a spec holds records, enums, strings, numbers, lists, sets,"
                + " maps and arrays only (make it a record, or keep it out of the spec)";
    }

    public static Object decode(JsonElement json) {
        if (json == null || json.isJsonNull()) return null;
        if (json.isJsonPrimitive()) {
            String s = json.getAsString();
            String v = s.substring(2);
            return switch (s.charAt(0)) {
                case 'S' -> v;
                case 'Z' -> Boolean.parseBoolean(v);
                case 'I' -> Integer.parseInt(v);
                case 'L' -> Long.parseLong(v);
                case 'D' -> Double.parseDouble(v);
                case 'F' -> Float.parseFloat(v);
                case 'H' -> Short.parseShort(v);
                case 'B' -> Byte.parseByte(v);
                case 'C' -> v.charAt(0);
                default -> throw new IllegalArgumentException("not a task-file value: " + s);
            };
        }
        JsonObject o = json.getAsJsonObject();
        try {
            if (o.has(ENUM)) return enumValue(Class.forName(o.get(ENUM).getAsString()), o.get("name").getAsString());
            if (o.has(RECORD)) return record(Class.forName(o.get(RECORD).getAsString()), o);
            if (o.has(ARRAY)) {
                Class<?> component = primitive(o.get(ARRAY).getAsString());
                JsonArray items = o.getAsJsonArray("items");
                Object array = Array.newInstance(component, items.size());
                for (int i = 0; i < items.size(); i++) Array.set(array, i, decode(items.get(i)));
                return array;
            }
            if (o.has(LIST)) {
                List<Object> out = new ArrayList<>();
                o.getAsJsonArray(LIST).forEach(x -> out.add(decode(x)));
                return Collections.unmodifiableList(out);
            }
            if (o.has(SET)) {
                Set<Object> out = new LinkedHashSet<>();
                o.getAsJsonArray(SET).forEach(x -> out.add(decode(x)));
                return Collections.unmodifiableSet(out);
            }
            if (o.has(MAP)) {
                Map<Object, Object> out = new LinkedHashMap<>();
                o.getAsJsonArray(MAP).forEach(p -> out.put(decode(p.getAsJsonArray().get(0)), decode(p.getAsJsonArray().get(1))));
                return Collections.unmodifiableMap(out);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild a spec from its task file (" + e + "); the node must run the same build as"
                    + " the machine that submitted it", e);
        }
        throw new IllegalArgumentException("not a task-file value: " + o);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) { return Enum.valueOf((Class) type, name); }

    private static Object record(Class<?> type, JsonObject o) throws ReflectiveOperationException {
        RecordComponent[] rcs = type.getRecordComponents();
        Class<?>[] types = new Class<?>[rcs.length];
        Object[] args = new Object[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
            if (!o.has(rcs[i].getName()))
                throw new IllegalArgumentException("the task file's " + type.getName() + " has no '" + rcs[i].getName() + "': written by another build");
            args[i] = decode(o.get(rcs[i].getName()));
        }
        Constructor<?> canonical = type.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        try {
            return canonical.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException("the task file's " + type.getSimpleName() + " is refused by its constructor: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Class<?> primitive(String name) throws ClassNotFoundException {
        return switch (name) {
            case "int" -> int.class; case "long" -> long.class; case "double" -> double.class; case "float" -> float.class;
            case "boolean" -> boolean.class; case "short" -> short.class; case "byte" -> byte.class; case "char" -> char.class;
            default -> Class.forName(name);
        };
    }

    /**
     * Problems that would stop a spec of type {@code root} from being written: every component type reachable
     * from it (an interface through each of {@code implementations} that implements it) must be a record, an
     * enum, a boxed or primitive value, a String, a collection of those or an array. Empty when it can be written.
     */
    public static List<String> problems(Class<?> root, List<Class<?>> implementations) {
        List<String> out = new ArrayList<>();
        walk(root, implementations, new LinkedHashSet<>(), out, root.getSimpleName());
        return out;
    }

    private static void walk(java.lang.reflect.Type type, List<Class<?>> impls, Set<java.lang.reflect.Type> seen, List<String> out, String path) {
        if (!seen.add(type)) return;
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            walk(p.getRawType(), impls, seen, out, path);
            for (var arg : p.getActualTypeArguments()) walk(arg, impls, seen, out, path + "<>");
            return;
        }
        if (type instanceof java.lang.reflect.WildcardType w) {
            for (var b : w.getUpperBounds()) walk(b, impls, seen, out, path);
            return;
        }
        if (!(type instanceof Class<?> c)) return;      // a type variable: its bound is checked where it is used
        if (c.isPrimitive() || c == String.class || Number.class.isAssignableFrom(c) && c.getName().startsWith("java.lang.")
                || c == Boolean.class || c == Character.class || c.isEnum()) return;
        if (c.isArray()) { walk(c.getComponentType(), impls, seen, out, path + "[]"); return; }
        if (c == List.class || c == Set.class || c == Map.class || c == java.util.Collection.class) return;   // element types come with the parameters
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents())
                walk(rc.getGenericType(), impls, seen, out, path + "." + rc.getName());
            return;
        }
        if (c.isInterface() || java.lang.reflect.Modifier.isAbstract(c.getModifiers()) || c == Object.class) {
            boolean any = false;
            for (Class<?> impl : impls)
                if (c.isAssignableFrom(impl) && !impl.isInterface() && !java.lang.reflect.Modifier.isAbstract(impl.getModifiers())) {
                    any = true;
                    walk(impl, impls, seen, out, path + "(" + impl.getSimpleName() + ")");
                }
            if (!any && c != Object.class) out.add(path + ": " + c.getName() + " has no implementation on the class path to check");
            return;
        }
        out.add(path + ": " + unsupported(c));
    }
}
