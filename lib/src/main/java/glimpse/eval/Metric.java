package glimpse.eval;

import com.google.gson.annotations.SerializedName;

import java.util.List;

/**
 * What a long-tail classification result reports: top-1 over all test images, or over the test
 * images of one group of classes ({@link ClassGroups}). The label is the name shown in tables
 * and written to results files and the result cache ({@code @SerializedName} keeps stored results
 * readable).
 */
public enum Metric {
    @SerializedName("overall") OVERALL,
    /** The long-tail literature's groups by training images (Liu et al. 2019, OLTR, arXiv:1904.05160). */
    @SerializedName("many") MANY,
    @SerializedName("medium") MEDIUM,
    @SerializedName("few") FEW,
    /** Thirds of the classes ranked by training images. */
    @SerializedName("head") HEAD,
    @SerializedName("middle") MIDDLE,
    @SerializedName("tail") TAIL;

    /** Many-, medium- and few-shot, head first. */
    public static final List<Metric> SHOTS = List.of(MANY, MEDIUM, FEW);
    /** Head, middle and tail thirds, head first. */
    public static final List<Metric> THIRDS = List.of(HEAD, MIDDLE, TAIL);

    /** The name in tables, figures and results files: "overall", "tail", … */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** True for a group of classes, false for {@link #OVERALL}. */
    public boolean isGroup() { return this != OVERALL; }

    @Override public String toString() { return label(); }
}
