package glimpse.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import glimpse.testing.TorchPython;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Forward FLOPs: hand-worked cases, and whole architectures against an independent count by PyTorch
 * (Debian's python3-torch / python3-torchvision, run as {@link TorchPython}: skipped with the reason where
 * absent, a failure under CI=true): forward hooks on every Conv2d and Linear add 2 × multiply-adds from the
 * real output shapes, and the transformer's two attention products are counted where they are computed.
 * torchvision's ResNet-34/50 (its BasicBlock refuses dilation, so the dilated ResNet-34's last stage is set
 * to stride 1, dilation 2, padding 2 by hand, as {@link ResNets#resnet34} builds it); DeiT, ResNet-12 and
 * Conv-4 as small torch modules of the same shapes. The counts must be equal, not close.
 */
class FlopsTest {
    @Test
    void oneConvolutionByHand() {
        // ResNet's stem conv: 224 px, 7×7, stride 2, padding 3 → 112×112; 64 outputs of 3·7·7 multiply-adds each
        assertEquals(112, Flops.outputSize(224, 7, 2, 3, 1));
        assertEquals(2L * 64 * 112 * 112 * 3 * 7 * 7, Flops.conv(3, 64, 7, 2, 3, 1, 224));
        assertEquals(236_027_904L, Flops.conv(3, 64, 7, 2, 3, 1, 224));
        // dilation 2 with padding 2 keeps a 3×3 conv's size; the work per output value is unchanged
        assertEquals(14, Flops.outputSize(14, 3, 1, 2, 2));
        assertEquals(1, Flops.outputSize(2, 2, 2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Flops.outputSize(1, 2, 2, 0, 1), "floor((1 − 2) / 2) + 1 = 0: no output");
        assertEquals(Flops.conv(512, 512, 3, 14, 14, 1), Flops.conv(512, 512, 3, 1, 2, 2, 14));
        // a depthwise conv (groups = channels): one input channel per output
        assertEquals(2L * 32 * 10 * 10 * 9, Flops.conv(32, 32, 3, 10, 10, 32));
        assertEquals(2L * 384 * 1536 * 197, Flops.linear(384, 1536, 197));
        // QKᵀ: 6 heads × 197 × 197 × 64, and the same for the weighted sum of V
        assertEquals(2 * 2L * 6 * 197 * 197 * 64, Flops.attention(197, 384, 6));
        assertEquals(2 * 2L * 5 * 25 * 64, Flops.attention(5, 25, 64, 1), "cross-attention: queries × keys × dim");
    }

    @Test
    void conv4ByHand() {
        // 28 → 14 → 7 → 3 → 1 (2×2 pools, floor); 3×3 convs of 64 channels with padding 1 before each pool
        long expected = 2L * 64 * 28 * 28 * 1 * 9 + 2L * 64 * 14 * 14 * 64 * 9 + 2L * 64 * 7 * 7 * 64 * 9 + 2L * 64 * 3 * 3 * 64 * 9;
        assertEquals(19_630_080L, expected);
        assertEquals(expected, Flops.conv4(1, 28, 64));
    }

    @Test
    void dilatingTheLastStageQuadruplesItsFlops() {
        // ResNet-34's last stage undilated, at 7×7: block 1 (256 → 512, stride 2, 1×1 projection), blocks 2–3 (512 → 512)
        long lastStage = Flops.conv(256, 512, 3, 7, 7, 1) + Flops.conv(512, 512, 3, 7, 7, 1) + Flops.conv(256, 512, 1, 7, 7, 1)
                + 4 * Flops.conv(512, 512, 3, 7, 7, 1);
        assertEquals(1_284_505_600L, lastStage);
        assertEquals(3 * lastStage, Flops.resnet34(224, true) - Flops.resnet34(224, false), "at 14×14 instead of 7×7: 4× the stage");
    }

    @Test
    void badInputIsNamed() {
        // 8 → 4 → 2 → 1, and the fourth 2×2 pool does not fit a 1×1 map
        var tooSmall = assertThrows(IllegalArgumentException.class, () -> Flops.conv4(1, 8, 64));
        assertTrue(tooSmall.getMessage().contains("too small"), tooSmall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Flops.attention(10, 384, 5), "heads must divide dim");
        assertThrows(IllegalArgumentException.class, () -> Flops.conv(6, 4, 3, 5, 5, 4), "groups must divide the channels");
        assertThrows(IllegalArgumentException.class, () -> Flops.vit(3, 100, 16, 12, TransformerEncoderLayer.Config.preNormGelu(384, 6, 4), true, 0, 0));
    }

    @Test
    void formatsWithAUnit() {
        assertEquals("7.33 GFLOPs", Flops.format(7_326_498_816L));
        assertEquals("236 MFLOPs", Flops.format(236_027_904L));
        assertEquals("11.2 GFLOPs", Flops.format(11_180_015_616L));
        assertEquals("1.2e+18 FLOPs", Flops.format(1.2e18));
        assertEquals("1.00 GFLOPs", Flops.format(999_700_000), "rounding up moves to the next unit");
        assertEquals("10.0 kFLOPs", Flops.format(9_999));
        assertEquals("100 FLOPs", Flops.format(99.97));
    }

    /**
     * The convolutions of a block as DJL builds it, walked from the image's shape: every Conv2d's output
     * shape (DJL's own) times its input channels / groups × kernel area, × 2. Independent of
     * {@link Flops}' own account of the layouts, so a builder that changes shows up here.
     */
    static Shape walk(Block block, Shape in, long[] flops) {
        if (block instanceof Convolution conv) {
            Shape out = conv.getOutputShapes(new Shape[] {in})[0];
            flops[0] += 2 * out.size() * (in.get(1) / conv.getGroups()) * conv.getKernelShape().size();
            return out;
        }
        if (block instanceof SequentialBlock) {
            for (Block child : block.getChildren().values()) in = walk(child, in, flops);
            return in;
        }
        if (block instanceof ParallelBlock) {   // our residual blocks: the branches' outputs are added, so all have the first one's shape
            Shape first = null;
            for (Block child : block.getChildren().values()) {
                Shape out = walk(child, in, flops);
                if (first == null) first = out;
                else assertEquals(first, out, "the branches of a residual sum must agree");
            }
            return first;
        }
        assertTrue(block.getChildren().isEmpty(), "a block with children the walk does not know: " + block.getClass());
        return block.getOutputShapes(new Shape[] {in})[0];   // norms, activations, pools (DJL runs a lambda on zeros)
    }

    static long built(Block block, int channels, int size, Shape expectedOutput) {
        long[] flops = {0};
        assertEquals(expectedOutput, walk(block, new Shape(1, channels, size, size), flops));
        return flops[0];
    }

    @Test
    void whatOurBuildersBuildIsWhatIsCounted() {
        assertEquals(built(ResNets.resnet34(false, false), 3, 224, new Shape(1, 512, 7, 7)), Flops.resnet34(224, false));
        assertEquals(built(ResNets.resnet34(true, false), 3, 224, new Shape(1, 512, 14, 14)), Flops.resnet34(224, true));
        assertEquals(built(ResNets.resnet50(false), 3, 448, new Shape(1, 2048, 14, 14)), Flops.resnet50(448));
        assertEquals(built(ResNets.resnet50(true), 3, 97, new Shape(1, 2048)), Flops.resnet50(97));
        assertEquals(built(ResNets.resnet12(false), 3, 84, new Shape(1, 640, 5, 5)), Flops.resnet12(84));
        assertEquals(built(ResNets.small(true), 1, 30, new Shape(1, 128)), Flops.resnetSmall(1, 30));
        assertEquals(built(Conv4.build(64, Conv4.Output.SPATIAL_MAP), 3, 84, new Shape(1, 64, 5, 5)), Flops.conv4(3, 84, 64));
        // DeiT-Small: the ViT's shape as the builder sets it (its blocks take their sizes from it, so no walk)
        VisionTransformer deit = VisionTransformer.deitSmall(224, BackboneOutput.CLS);
        assertEquals(197, deit.sequenceLength());
        assertEquals(12, deit.layers().size());
        TransformerEncoderLayer.Config layer = deit.layers().get(0).config();
        assertEquals(List.of(384, 6, 1536), List.of(layer.dim(), layer.attention().heads(), layer.mlpHidden()));
        long perLayer = Flops.encoderLayer(197, layer);
        assertEquals(Flops.conv(3, 384, 16, 14, 14, 1) + 12 * perLayer, Flops.deitSmall(224));
    }

    static final String SCRIPT = """
import sys, torch, torch.nn as nn, torchvision

flops = 0
def conv_hook(m, i, o):
    global flops
    flops += 2 * o.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
def linear_hook(m, i, o):
    global flops
    flops += 2 * o.numel() * m.in_features
def matmul(a, b):
    global flops
    flops += 2 * a.shape[:-1].numel() * a.shape[-1] * b.shape[-1]
    return a @ b
def count(model, c, size):
    global flops
    for m in model.modules():
        if isinstance(m, nn.Conv2d): m.register_forward_hook(conv_hook)
        if isinstance(m, nn.Linear): m.register_forward_hook(linear_hook)
    flops = 0
    with torch.no_grad(): model.eval()(torch.zeros(1, c, size, size))
    return flops

def resnet(depth, dilate):
    m = (torchvision.models.resnet34 if depth == 34 else torchvision.models.resnet50)(weights=None)
    m.fc = nn.Identity()
    if dilate:  # torchvision's BasicBlock refuses dilation: dilate layer4 by hand as glimpse.nn.ResNets does
        for b in m.layer4:
            for conv in (b.conv1, b.conv2):
                conv.stride, conv.dilation, conv.padding = (1, 1), (2, 2), (2, 2)
            if b.downsample is not None: b.downsample[0].stride = (1, 1)
    return m

class Block(nn.Module):
    def __init__(s, d, heads, hidden):
        super().__init__(); s.h = heads
        s.n1, s.n2 = nn.LayerNorm(d), nn.LayerNorm(d)
        s.qkv, s.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        s.fc1, s.fc2 = nn.Linear(d, hidden), nn.Linear(hidden, d)
    def forward(s, x):
        B, T, D = x.shape
        q, k, v = s.qkv(s.n1(x)).reshape(B, T, 3, s.h, D // s.h).permute(2, 0, 3, 1, 4)
        a = matmul(q, k.transpose(-2, -1)).mul(1 / (D // s.h) ** 0.5).softmax(-1)
        x = x + s.proj(matmul(a, v).transpose(1, 2).reshape(B, T, D))
        return x + s.fc2(nn.functional.gelu(s.fc1(s.n2(x))))

class ViT(nn.Module):
    def __init__(s, c, size, patch, depth, d, heads, hidden, cls, extra, before):
        super().__init__()
        s.embed = nn.Conv2d(c, d, patch, stride=patch)
        s.cls = nn.Parameter(torch.zeros(1, 1, d)) if cls else None
        s.extra, s.before = (nn.Parameter(torch.zeros(1, extra, d)) if extra else None), before
        s.blocks = nn.ModuleList(Block(d, heads, hidden) for _ in range(depth))
        s.norm = nn.LayerNorm(d)
    def forward(s, x):
        x = s.embed(x).flatten(2).transpose(1, 2)
        if s.cls is not None: x = torch.cat([s.cls.expand(x.shape[0], -1, -1), x], 1)
        for i, b in enumerate(s.blocks):
            if s.extra is not None and i == s.before: x = torch.cat([x, s.extra.expand(x.shape[0], -1, -1)], 1)
            x = b(x)
        return s.norm(x)

class ResNet12(nn.Module):
    def __init__(s, c, widths):
        super().__init__()
        s.stages = nn.ModuleList()
        for w in widths:
            s.stages.append(nn.ModuleList([nn.Sequential(nn.Conv2d(c, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.LeakyReLU(0.1),
                nn.Conv2d(w, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.LeakyReLU(0.1),
                nn.Conv2d(w, w, 3, padding=1, bias=False), nn.BatchNorm2d(w)),
                nn.Sequential(nn.Conv2d(c, w, 1, bias=False), nn.BatchNorm2d(w))]))
            c = w
    def forward(s, x):
        for main, short in s.stages: x = nn.functional.max_pool2d(nn.functional.leaky_relu(main(x) + short(x), 0.1), 2)
        return x

def conv4(c, w):
    layers = []
    for _ in range(4): layers += [nn.Conv2d(c, w, 3, padding=1), nn.BatchNorm2d(w), nn.ReLU(), nn.MaxPool2d(2)]; c = w
    return nn.Sequential(*layers)

for spec in sys.argv[1:]:
    kind, *a = spec.split(':'); a = [int(x) for x in a]
    if kind == 'resnet': n = count(resnet(a[0], a[1] == 1), 3, a[2])
    elif kind == 'vit': n = count(ViT(*a), a[0], a[1])
    elif kind == 'resnet12': n = count(ResNet12(a[0], a[2:]), a[0], a[1])
    elif kind == 'conv4': n = count(conv4(a[0], a[2]), a[0], a[1])
    print(spec, n)
""";

    /** Our counts and torch's for the same specs (see the script's last loop for their format). */
    @Test
    void wholeArchitecturesEqualTorchsCount() throws Exception {
        Path python = TorchPython.require("torch", "torchvision");
        TransformerEncoderLayer.Config small = TransformerEncoderLayer.Config.preNormGelu(64, 4, 2.0);
        Map<String, Long> ours = new LinkedHashMap<>();
        ours.put("resnet:34:0:224", Flops.resnet34(224, false));
        ours.put("resnet:34:1:224", Flops.resnet34(224, true));
        ours.put("resnet:34:1:84", Flops.resnet34(84, true));
        ours.put("resnet:50:0:224", Flops.resnet50(224));
        ours.put("resnet:50:0:448", Flops.resnet50(448));
        ours.put("resnet:50:0:97", Flops.resnet50(97));
        ours.put("vit:3:224:16:12:384:6:1536:1:0:0", Flops.deitSmall(224));
        ours.put("vit:3:384:16:12:384:6:1536:1:0:0", Flops.deitSmall(384));
        ours.put("vit:1:32:4:2:64:4:128:1:1:1", Flops.vit(1, 32, 4, 2, small, true, 1, 1));
        ours.put("vit:3:32:8:3:64:4:128:0:2:0", Flops.vit(3, 32, 8, 3, small, false, 2, 0));
        ours.put("resnet12:3:84:64:160:320:640", Flops.resnet12(84));
        ours.put("resnet12:1:30:32:64:128", Flops.resnetSmall(1, 30));
        ours.put("conv4:3:84:64", Flops.conv4(3, 84, 64));
        ours.put("conv4:1:28:64", Flops.conv4(1, 28, 64));
        Path dir = Files.createTempDirectory("flops");
        try {
            Path script = Files.writeString(dir.resolve("count.py"), SCRIPT);
            List<String> command = new java.util.ArrayList<>(List.of(python.toString(), script.toString()));
            command.addAll(ours.keySet());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
            Map<String, Long> torch = new LinkedHashMap<>();
            for (String line : out.strip().split("\n")) {
                String[] f = line.strip().split(" ");
                if (f.length == 2 && ours.containsKey(f[0])) torch.put(f[0], Long.parseLong(f[1]));
            }
            assertEquals(ours.keySet(), torch.keySet(), out);
            for (String spec : ours.keySet()) assertEquals(torch.get(spec), ours.get(spec), spec);
        } finally {
            try (var files = Files.walk(dir)) { files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
        }
    }
}
