package glimpse.method.protonet;

import ai.djl.nn.Block;
import glimpse.fewshot.EpisodicModel;
import glimpse.fewshot.FewShotMethod;

/**
 * Prototypical Networks as a few-shot plug-in: on the pooled embedding (the CrossTransformers
 * paper's baseline) or, with {@code flatMap}, on the flattened spatial map (rigid alignment).
 */
public record ProtoNetMethod(boolean flatMap) implements FewShotMethod {
    public static ProtoNetMethod pooled() { return new ProtoNetMethod(false); }
    public static ProtoNetMethod onFlatMap() { return new ProtoNetMethod(true); }

    @Override public String label() { return flatMap ? "ProtoNet (flat map)" : "ProtoNet"; }
    @Override public boolean pooledBackbone() { return !flatMap; }
    @Override public EpisodicModel build(Block backbone) { return new ProtoNet(backbone); }
}
