package glimpse.testing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short SHA-256 digests of int/long/float sequences, for golden tests that pin a stream of numbers
 * without pasting thousands of them into the source.
 */
public final class Digest {
    private final MessageDigest sha;

    private Digest() {
        try { sha = MessageDigest.getInstance("SHA-256"); }
        catch (NoSuchAlgorithmException e) { throw new AssertionError(e); }
    }

    public static Digest start() { return new Digest(); }

    public Digest ints(int... xs) {
        ByteBuffer b = ByteBuffer.allocate(4 * xs.length + 4).putInt(xs.length);
        for (int x : xs) b.putInt(x);
        sha.update(b.array());
        return this;
    }

    public Digest longs(long... xs) {
        ByteBuffer b = ByteBuffer.allocate(8 * xs.length + 4).putInt(xs.length);
        for (long x : xs) b.putLong(x);
        sha.update(b.array());
        return this;
    }

    /** Floats by their bit patterns: a golden test means bit-identical. */
    public Digest floats(float... xs) {
        ByteBuffer b = ByteBuffer.allocate(4 * xs.length + 4).putInt(xs.length);
        for (float x : xs) b.putInt(Float.floatToRawIntBits(x));
        sha.update(b.array());
        return this;
    }

    /** Doubles by their bit patterns. */
    public Digest doubles(double... xs) {
        ByteBuffer b = ByteBuffer.allocate(8 * xs.length + 4).putInt(xs.length);
        for (double x : xs) b.putLong(Double.doubleToRawLongBits(x));
        sha.update(b.array());
        return this;
    }

    /** The first 16 hex digits. */
    public String hex() { return HexFormat.of().formatHex(sha.digest()).substring(0, 16); }

    public static String of(int... xs) { return start().ints(xs).hex(); }
    public static String of(float[] xs) { return start().floats(xs).hex(); }
    public static String of(double[] xs) { return start().doubles(xs).hex(); }

    /** Rows of any depth of nested double arrays, in order. */
    public static String of(Object[] nested) {
        Digest d = start();
        add(d, nested);
        return d.hex();
    }

    private static void add(Digest d, Object x) {
        if (x instanceof double[] a) d.doubles(a);
        else if (x instanceof Object[] rows) { d.ints(rows.length); for (Object r : rows) add(d, r); }
        else throw new IllegalArgumentException("not a nested double array: " + x);
    }
}
