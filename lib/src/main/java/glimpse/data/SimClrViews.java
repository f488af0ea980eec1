package glimpse.data;

/**
 * The two augmented views of a SimCLR episode (support view, query view).
 *
 * <p>{@link #PAPER}: SimCLR's augmentations (Chen et al., arXiv 2002.05709, Appendix A) as
 * CrossTransformers (arXiv 2007.11498) uses them for its SimCLR episodes: crop
 * area 0.08–1, horizontal flip 0.5, jitter; blur on the query view. {@link #GLYPH_SAFE}: the same
 * without the two that change a glyph's identity: a mirrored letter is often another letter (b/d,
 * p/q, Я/R), and an 8 % crop of a 32 px glyph is a 9 px fragment of one stroke; crops keep ≥ 35 %.
 */
public enum SimClrViews {
    PAPER(Augment.simclrSupport(), Augment.simclrQuery()),
    GLYPH_SAFE(Augment.simclrSupport().withCropArea(0.35, 1).withFlipProbability(0),
            Augment.simclrQuery().withCropArea(0.35, 1).withFlipProbability(0));

    private final Augment support, query;

    SimClrViews(Augment support, Augment query) {
        this.support = support;
        this.query = query;
    }

    public Augment support() { return support; }
    public Augment query() { return query; }
}
