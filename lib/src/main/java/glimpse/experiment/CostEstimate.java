package glimpse.experiment;

import glimpse.nn.Flops;
import glimpse.train.TrainResult;
import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a paper section will cost, stated before it is spent: per stage the planned steps, images per
 * step and forward FLOPs per image ({@link Flops}), the FLOPs that makes, and from it an estimate of
 * hours on one modern GPU; where a smoke run measured this machine's seconds per step at the paper's
 * shapes, the CPU hours too. A notebook cell prints it right before training:
 * <pre>{@code
 * CostEstimate.of("CTX on miniImageNet",
 *         CostEstimate.Stage.training("episodes", 30_000, 5 * 5 + 5 * 15, Flops.resnet34(224, true)).measured(smoke, 5 * 5 + 5 * 15),
 *         CostEstimate.Stage.evaluation("test", 600, 80, Flops.resnet34(224, true))).print();
 * }</pre>
 * Give the paper's budgets (the planned steps, not {@link PaperScale}'s smoke-cut ones): the estimate is of
 * the paper-scale run, whichever mode prints it.
 *
 * <p><b>Assumptions</b> (each written once, here):
 * <ul>
 *   <li>A training step costs {@value #TRAINING_OVER_FORWARD}× its forward pass: the backward pass
 *       computes the gradients with respect to both activations and weights, each about one forward's
 *       multiply-adds. Evaluation is forward only.</li>
 *   <li>One modern GPU sustains {@link #GPU_FLOPS_ASSUMED} = 30 TFLOP/s on mixed-precision/TF32 training of
 *       these CNNs and ViTs, between {@link #GPU_FLOPS_SLOW} = 15 and {@link #GPU_FLOPS_FAST} = 60. Grounding:
 *       NVIDIA's DeepLearningExamples (PyTorch ResNet-50 v1.5 README, "Training performance", 1× A100 80 GB)
 *       report 2470 img/s with mixed precision and 938 img/s in TF32; at 3 × 8.17 GFLOPs per 224-px image
 *       that is 61 and 23 TFLOP/s; their 1× V100 mixed-precision figure, 1200 img/s, is 29 TFLOP/s. 60 is
 *       that tuned pipeline (DALI loading, large batches); research code with few-shot episodes of 80 small
 *       images and per-episode Python work often gets half of the assumed rate, hence 15.</li>
 *   <li>CPU hours extrapolate the measured seconds per step linearly in FLOPs per step: a stage that was
 *       not measured is timed at the FLOP rate this machine showed in the stage that was. A smoke run's
 *       2 steps include the first step's warm-up, so this overstates the CPU time somewhat.</li>
 * </ul>
 */
public record CostEstimate(String section, List<Stage> stages) {
    /** A training step's FLOPs over its forward pass's (forward + backward ≈ 3 × forward). */
    public static final double TRAINING_OVER_FORWARD = 3.0;
    /** Sustained FLOP/s assumed for one modern GPU (see the class comment for where 30 T comes from). */
    public static final double GPU_FLOPS_ASSUMED = 30e12;
    /** The slow and fast ends of that assumption, for the range of GPU hours. */
    public static final double GPU_FLOPS_SLOW = 15e12, GPU_FLOPS_FAST = 60e12;

    public CostEstimate {
        if (section == null || section.isBlank()) throw new IllegalArgumentException("name the section the cost is for");
        if (stages == null || stages.isEmpty()) throw new IllegalArgumentException("a cost estimate needs at least one stage (" + section + ")");
        stages = List.copyOf(stages);
    }

    public static CostEstimate of(String section, Stage... stages) { return new CostEstimate(section, List.of(stages)); }

    /**
     * One stage of a run: {@code steps} steps (training steps, or evaluation episodes) of
     * {@code imagesPerStep} images, each costing {@code forwardFlopsPerImage} forward.
     *
     * @param training                  whether a step also runs backward ({@link #TRAINING_OVER_FORWARD}×)
     * @param measuredCpuSecondsPerStep seconds per step measured on this machine, NaN when not measured
     */
    @RecordBuilder
    public record Stage(String name, long steps, int imagesPerStep, double forwardFlopsPerImage, boolean training,
                        double measuredCpuSecondsPerStep) implements CostEstimateStageBuilder.With {
        public Stage {
            if (steps < 0 || imagesPerStep <= 0 || !(forwardFlopsPerImage > 0))
                throw new IllegalArgumentException("stage " + name + ": steps >= 0, images per step > 0 and FLOPs per image > 0, got "
                        + steps + ", " + imagesPerStep + ", " + forwardFlopsPerImage);
            if (!Double.isNaN(measuredCpuSecondsPerStep) && !(measuredCpuSecondsPerStep > 0))
                throw new IllegalArgumentException("stage " + name + ": measured seconds per step must be positive or NaN, got " + measuredCpuSecondsPerStep);
        }

        public static Stage training(String name, long steps, int imagesPerStep, double forwardFlopsPerImage) {
            return new Stage(name, steps, imagesPerStep, forwardFlopsPerImage, true, Double.NaN);
        }

        /** Forward passes only: {@code episodes} test episodes (or batches) of {@code imagesPerEpisode} images. */
        public static Stage evaluation(String name, long episodes, int imagesPerEpisode, double forwardFlopsPerImage) {
            return new Stage(name, episodes, imagesPerEpisode, forwardFlopsPerImage, false, Double.NaN);
        }

        /**
         * This stage timed by a run of it with {@code runImagesPerStep} images per step: its step-loop seconds over
         * its steps, scaled to this stage's images per step (linear in FLOPs, as for unmeasured stages). A smoke
         * run may cut the batch to fit a fixture ({@link PaperScale#of}); timing the paper's batch by it unscaled
         * would understate the CPU hours by that cut.
         */
        public Stage measured(TrainResult run, int runImagesPerStep) {
            if (run.steps() <= 0 || !(run.wallSeconds() > 0))
                throw new IllegalArgumentException("stage " + name + ": the run " + run + " has no timed steps to measure seconds per step from");
            if (runImagesPerStep <= 0)
                throw new IllegalArgumentException("stage " + name + ": the timed run's images per step must be positive, got " + runImagesPerStep);
            return measured(run.wallSeconds() / run.steps() * imagesPerStep / runImagesPerStep);
        }

        public Stage measured(double cpuSecondsPerStep) { return withMeasuredCpuSecondsPerStep(cpuSecondsPerStep); }

        public boolean isMeasured() { return !Double.isNaN(measuredCpuSecondsPerStep); }

        /** FLOPs of one step: images × forward FLOPs, × {@link #TRAINING_OVER_FORWARD} when training. */
        public double flopsPerStep() { return (training ? TRAINING_OVER_FORWARD : 1.0) * imagesPerStep * forwardFlopsPerImage; }

        public double flops() { return steps * flopsPerStep(); }
    }

    /** This estimate with stage {@code stageName} timed by a run of it (a smoke run at the paper's shapes) of {@code runImagesPerStep} images per step. */
    public CostEstimate measured(String stageName, TrainResult run, int runImagesPerStep) {
        if (stages.stream().noneMatch(s -> s.name().equals(stageName)))
            throw new IllegalArgumentException(section + " has no stage \"" + stageName + "\" to time; its stages: "
                    + stages.stream().map(Stage::name).toList());
        return new CostEstimate(section, stages.stream().map(s -> s.name().equals(stageName) ? s.measured(run, runImagesPerStep) : s).toList());
    }

    /** All the stages' FLOPs. */
    public double flops() { return stages.stream().mapToDouble(Stage::flops).sum(); }

    /** Hours on one GPU sustaining {@code flopsPerSecond}. */
    public double gpuHours(double flopsPerSecond) { return flops() / flopsPerSecond / 3600; }

    /** Hours on one GPU at the assumed {@link #GPU_FLOPS_ASSUMED}. */
    public double gpuHours() { return gpuHours(GPU_FLOPS_ASSUMED); }

    /** The first measured stage's seconds per step, NaN when none was measured. */
    public double measuredCpuSecondsPerStep() {
        return stages.stream().filter(Stage::isMeasured).findFirst().map(Stage::measuredCpuSecondsPerStep).orElse(Double.NaN);
    }

    /** This machine's FLOP/s in the first measured stage, NaN when none was measured. */
    public double cpuFlopsPerSecond() {
        return stages.stream().filter(Stage::isMeasured).findFirst().map(s -> s.flopsPerStep() / s.measuredCpuSecondsPerStep()).orElse(Double.NaN);
    }

    /** CPU hours of the whole run: measured stages at their seconds per step, the others at the measured FLOP rate; NaN when nothing was measured. */
    public double cpuHours() {
        double rate = cpuFlopsPerSecond(), seconds = 0;
        if (Double.isNaN(rate)) return Double.NaN;
        for (Stage s : stages) seconds += s.isMeasured() ? s.steps() * s.measuredCpuSecondsPerStep() : s.flops() / rate;
        return seconds / 3600;
    }

    /** A few readable lines: each stage, the total, GPU hours with the assumption, CPU hours where measured. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("Cost of " + section + " (estimated before it is spent; a multiply-add is 2 FLOPs):");
        for (Stage s : stages)
            lines.add(String.format(Locale.ROOT, "  %s: %,d %s × %d images × %s forward%s = %s%s", s.name(), s.steps(),
                    s.training() ? "steps" : "episodes", s.imagesPerStep(), Flops.format(s.forwardFlopsPerImage()),
                    s.training() ? " × 3 (forward + backward)" : " (forward only)", Flops.format(s.flops()),
                    s.isMeasured() ? String.format(Locale.ROOT, "; measured here: %.3g CPU s/step", s.measuredCpuSecondsPerStep()) : ""));
        lines.add(String.format(Locale.ROOT, "  total %s ≈ %s GPU-hours on one modern GPU at an assumed %.0f TFLOP/s sustained (%s–%s h at %.0f–%.0f TFLOP/s)",
                Flops.format(flops()), hours(gpuHours()), GPU_FLOPS_ASSUMED / 1e12, hours(gpuHours(GPU_FLOPS_FAST)), hours(gpuHours(GPU_FLOPS_SLOW)),
                GPU_FLOPS_FAST / 1e12, GPU_FLOPS_SLOW / 1e12));
        double cpu = cpuHours();
        lines.add(Double.isNaN(cpu) ? "  CPU: not measured (a smoke run's TrainResult gives seconds per step at these shapes)"
                : String.format(Locale.ROOT, "  CPU: %s hours on this machine, extrapolated from the measured %.3g s/step (%s)", hours(cpu),
                        measuredCpuSecondsPerStep(), Flops.format(cpuFlopsPerSecond()).replace("FLOPs", "FLOP/s")));
        return lines;
    }

    /** Prints {@link #describe()}. */
    public void print() { describe().forEach(System.out::println); }

    @Override public String toString() { return String.join("\n", describe()); }

    /** Two significant digits, plain notation up to thousands ("0.0042", "3.1", "1,200"). */
    static String hours(double h) {
        if (h == 0) return "0";
        if (h >= 100) return String.format(Locale.ROOT, "%,.0f", Double.parseDouble(String.format(Locale.ROOT, "%.2g", h)));
        return new java.math.BigDecimal(h).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }
}
