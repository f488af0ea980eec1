package glimpse.eval;

/** One measured number: which method, on what data and setting, which seed, and how long it took. */
public record ResultRow(String method, String dataset, String setting, long seed, String metric,
                        double value, double ci95, double wallSeconds) {}
