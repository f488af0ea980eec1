package glimpse.classification;

import glimpse.data.sampling.LongTail;
import glimpse.train.TrainConfig;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

/**
 * One classification experiment: the data, the method plug-in, the training config (embedded; its
 * seed is replaced by each of {@code seeds}) and the training seeds. Changed with {@link #with}:
 * {@code spec.with(b -> b.steps(100).batchSize(128).seeds(3))}.
 */
public record ClassificationSpec(ClassificationData data, ClassificationMethod method, TrainConfig training, List<Long> seeds) {
    public ClassificationSpec {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) throw new IllegalArgumentException("at least one seed");
    }

    public ClassificationSpec with(UnaryOperator<Builder> change) { return change.apply(new Builder(this)).build(); }

    /** A one-line summary for people: data, model, training, seeds (keys come from SpecJson, never from this). */
    @Override public String toString() {
        return "ClassificationSpec[" + data.name() + " " + data.setting() + " · " + method.label() + " · " + training + " · seeds " + seeds + "]";
    }

    public int steps() { return training.steps(); }
    public int batchSize() { return training.batchSize(); }

    public static final class Builder {
        private ClassificationData data;
        private ClassificationMethod method;
        private TrainConfig training;
        private List<Long> seeds;

        private Builder(ClassificationSpec s) { data = s.data; method = s.method; training = s.training; seeds = s.seeds; }

        public Builder method(ClassificationMethod m) { method = m; return this; }
        public Builder data(ClassificationData d) { data = d; return this; }
        public Builder training(UnaryOperator<TrainConfig.Builder> change) { training = training.with(change); return this; }
        public Builder steps(int n) { return training(t -> t.steps(n)); }
        public Builder batchSize(int n) { return training(t -> t.batchSize(n)); }
        /** The long-tail profile's imbalance ρ (the profile must exist). */
        public Builder imbalance(double rho) {
            LongTail lt = data.longTail();
            if (lt == null) throw new IllegalStateException("no long-tail profile to change; use data(d.withLongTail(...))");
            data = data.withLongTail(lt.withImbalance(rho));
            return this;
        }
        /** Which class takes which count of the long-tail profile (null: label order, class 0 the head). */
        public Builder classOrder(LongTail.ClassOrder order) {
            LongTail lt = data.longTail();
            if (lt == null) throw new IllegalStateException("no long-tail profile to order; use data(d.withLongTail(...))");
            data = data.withLongTail(lt.withOrder(order));
            return this;
        }
        public Builder testPerClass(int n) { data = data.withTest(n == 0 ? TestSubset.ALL : TestSubset.balanced(n)); return this; }
        /** Seeds 1..count. */
        public Builder seeds(int count) { seeds = LongStream.rangeClosed(1, count).boxed().toList(); return this; }
        public Builder seeds(List<Long> s) { seeds = s; return this; }

        public ClassificationSpec build() { return new ClassificationSpec(data, method, training, seeds); }
    }
}
