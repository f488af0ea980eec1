package glimpse.cli;

/**
 * One thing `./glimpse doctor` (or the GPU check before a command) found wrong, and the fix.
 *
 * @param severity BLOCKING: the requested build (CPU, or CUDA with GLIMPSE_GPU=1) cannot run;
 *                 LIMITING: it runs, but a notebook's paper mode (or some speed) is out of reach;
 *                 ADVICE: worth knowing, nothing fails without it
 */
record Problem(Severity severity, String what, String fix) {
    enum Severity { BLOCKING, LIMITING, ADVICE }

    static Problem blocking(String what, String fix) { return new Problem(Severity.BLOCKING, what, fix); }
    static Problem limiting(String what, String fix) { return new Problem(Severity.LIMITING, what, fix); }
    static Problem advice(String what, String fix) { return new Problem(Severity.ADVICE, what, fix); }

    boolean blocks() { return severity == Severity.BLOCKING; }

    String render() {
        return "[" + severity.name().toLowerCase(java.util.Locale.ROOT) + "] " + what + "\n      fix: " + fix;
    }
}
