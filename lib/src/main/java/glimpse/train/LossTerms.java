package glimpse.train;

import ai.djl.ndarray.NDArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step's loss as named scalar terms (e.g. "ce", "distill", "koleo"): the loop minimises their
 * sum and records each term's value per step, so every term has its own curve
 * ({@link TrainResult#termCurves()}). Weights belong inside the term ({@code koleo.mul(Scalars.like(koleo, λ))}, never {@code mul(λ)}: see {@link glimpse.nn.Scalars}), so
 * the recorded value is what the sum received.
 */
public final class LossTerms {
    private final Map<String, NDArray> terms = new LinkedHashMap<>();
    private final Map<String, NDArray> monitors = new LinkedHashMap<>();
    private NDArray total;   // computed once (under the loop's gradient collector), until a term is added

    private LossTerms() {}

    public static LossTerms of(String name, NDArray value) { return new LossTerms().and(name, value); }

    /** Adds a term; names are unique. */
    public LossTerms and(String name, NDArray value) {
        if (value.getShape().size() != 1) throw new IllegalArgumentException("loss term '" + name + "' must be a scalar, got shape " + value.getShape());
        if (monitors.containsKey(name) || terms.putIfAbsent(name, value) != null) throw new IllegalArgumentException("loss term '" + name + "' given twice");
        total = null;
        return this;
    }

    public Map<String, NDArray> terms() { return Collections.unmodifiableMap(terms); }

    /**
     * Records a scalar beside the terms that the loop does <i>not</i> minimise (e.g. a loss divided by
     * its pair count, to show a curve that can fall while the sum over a filling memory grows): it gets
     * its own curve in {@link TrainResult#termCurves()}, never enters {@link #total()} or the gradient.
     */
    public LossTerms monitor(String name, NDArray value) {
        if (value.getShape().size() != 1) throw new IllegalArgumentException("monitored value '" + name + "' must be a scalar, got shape " + value.getShape());
        if (terms.containsKey(name) || monitors.putIfAbsent(name, value) != null) throw new IllegalArgumentException("curve '" + name + "' given twice");
        return this;
    }

    /** The monitored values ({@link #monitor}), not part of the loss. */
    public Map<String, NDArray> monitors() { return Collections.unmodifiableMap(monitors); }

    /** The sum of the terms in the order they were added (a single term is returned as it is); the same array on every call. */
    public NDArray total() {
        if (total != null) return total;
        for (NDArray t : terms.values()) total = total == null ? t : total.add(t);
        if (total == null) throw new IllegalStateException("a loss needs at least one term");
        return total;
    }
}
