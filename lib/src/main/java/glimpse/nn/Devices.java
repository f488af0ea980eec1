package glimpse.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import glimpse.Glimpse;

/**
 * The one place that decides where tensors live. GLIMPSE_DEVICE (or -Dglimpse.device) is
 * cpu, gpu or auto (default): auto takes the first GPU when the engine has CUDA natives
 * (the Maven `gpu` profile) and sees a GPU, and the CPU otherwise.
 */
public final class Devices {
    private Devices() {}

    public static Device get() {
        String want = Glimpse.setting("glimpse.device", "GLIMPSE_DEVICE", "auto").toLowerCase(java.util.Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        return switch (want) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) throw new IllegalStateException("GLIMPSE_DEVICE=gpu but the engine sees no GPU: run with "
                        + "GLIMPSE_GPU=1 (the CUDA build) on a machine with an NVIDIA driver; GLIMPSE_GPU=1 ./glimpse doctor says what is missing");
                yield Device.gpu();
            }
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            default -> throw new IllegalArgumentException("GLIMPSE_DEVICE must be cpu, gpu or auto, not '" + want + "'");
        };
    }

    /** One line for notebooks and logs: engine, version, device, threads. */
    public static String describe() {
        Engine e = Engine.getInstance();
        return e.getEngineName() + " " + e.getVersion() + " (DJL " + Engine.getDjlVersion() + "), device " + get()
                + ", GPUs visible " + e.getGpuCount() + ", intra-op threads " + Runtime.getRuntime().availableProcessors();
    }
}
