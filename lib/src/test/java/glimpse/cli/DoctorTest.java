package glimpse.cli;

import glimpse.data.Manifests;
import glimpse.data.Manifest;
import glimpse.nn.weights.PretrainedWeights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorTest {
    private static final List<String> RETRIEVAL_SETS = Doctor.PAPER_DATA.get("05-image-retrieval");

    @AfterEach
    void clear() {
        System.clearProperty("glimpse.weights.dir");
        RETRIEVAL_SETS.forEach(id -> System.clearProperty("glimpse.dir." + id));
    }

    private record Run(boolean blocked, String text) {}

    private static Run doctor() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean blocked = Doctor.report(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(blocked, bytes.toString(StandardCharsets.UTF_8));
    }

    private static String line(String text, String key) {
        return text.lines().filter(l -> l.startsWith("  " + key + " ")).findFirst().orElseThrow(() -> new AssertionError("no line '" + key + "' in\n" + text));
    }

    @Test
    void onThisCpuMachineEverySectionPrintsAndOnlyPaperModesAreLimited() {
        Run r = doctor();
        String t = r.text();
        for (String section : List.of("engine", "devices", "host", "datasets (", "pretrained weights (", "notebooks (", "problems")) {
            assertTrue(t.lines().anyMatch(l -> l.startsWith(section)), "section " + section + " missing in\n" + t);
        }
        assertTrue(line(t, "PyTorch").contains("2.7.1"), t);
        assertTrue(line(t, "flavour").contains("cpu"), t);
        assertTrue(line(t, "engine GPUs").startsWith("  engine GPUs            0"), t);
        assertTrue(line(t, "cores").endsWith(String.valueOf(Runtime.getRuntime().availableProcessors())), t);
        // every manifest appears with the status `data list` prints for it
        for (Manifest m : Manifests.all()) assertTrue(line(t, m.id()).endsWith(DataCommand.status(m)), m.id() + " in\n" + t);
        for (PretrainedWeights.Entry w : PretrainedWeights.CATALOG) assertTrue(line(t, w.arch()).contains(w.fileName()), t);
        assertTrue(line(t, "00-tour").contains("quick yes, full yes; smoke, paper: no paper section"), t);
        assertTrue(line(t, "06-results").contains("quick yes, full yes; smoke, paper: no paper section"), t);
        for (String nb : List.of("00-tour", "06-results"))
            assertFalse(line(t, nb).contains("paper yes") || line(t, nb).contains("smoke yes"), "a notebook with no paper section offers none: " + line(t, nb));
        for (String nb : Doctor.PAPER_DATA.keySet())
            assertTrue(line(t, nb).contains("smoke yes") && line(t, nb).contains(", paper "), line(t, nb));
        for (String nb : Doctor.notebookNames())   // the notebooks `test` smoke-runs are those whose paper data the doctor knows
            assertEquals(Doctor.PAPER_DATA.containsKey(nb), Doctor.hasPaperSection(nb), nb);
        assertFalse(r.blocked(), "a CPU machine with the CPU build is not blocked:\n" + t);
        assertTrue(t.contains("nothing blocks the CPU build"), t);
        if (!PretrainedWeights.status(PretrainedWeights.entry("deit-small-imagenet")).usable()) {
            // IRT's paper recipe starts from this file, so it holds paper mode back beside the datasets
            assertTrue(line(t, "05-image-retrieval").contains("paper no: needs dataset"), t);
            assertTrue(line(t, "05-image-retrieval").contains("weights deit-small-imagenet.safetensors"), t);
            assertFalse(line(t, "deit-small-imagenet").contains("the paper recipe does not load it yet"), t);
            assertTrue(t.contains("[limiting] 05-image-retrieval cannot run in paper mode"), t);
        }
        assertFalse(t.contains("[blocking]"), t);
    }

    @Test
    void weightsAndDatasetFoldersChangeTheStatusesAndThePaperVerdict(@TempDir Path dir) throws IOException {
        Path weights = Files.createDirectories(dir.resolve("weights"));
        System.setProperty("glimpse.weights.dir", weights.toString());
        writeSafetensors(weights.resolve("deit-small-imagenet.safetensors"), "{\"cls_token\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        Files.writeString(weights.resolve("resnet50-imagenet.safetensors"), "not a tensor file");
        for (String id : RETRIEVAL_SETS) {
            Manifest m = Manifests.of(id);
            Path d = Files.createDirectories(dir.resolve(id));
            for (Manifest.FileEntry f : m.filesOrEmpty()) {
                Files.createDirectories(d.resolve(f.name()).getParent());
                Files.writeString(d.resolve(f.name()), "");
            }
            System.setProperty("glimpse.dir." + id, d.toString());
        }
        String t = doctor().text();
        assertTrue(line(t, "deit-small-imagenet").contains("found, ") && line(t, "deit-small-imagenet").contains("1 tensor in its header"), t);
        assertTrue(line(t, "resnet50-imagenet").contains("unreadable: ") && line(t, "resnet50-imagenet").contains("not a safetensors file"), t);
        assertTrue(t.contains("[limiting] " + weights.resolve("resnet50-imagenet.safetensors") + " is unreadable"), t);
        for (String id : RETRIEVAL_SETS) assertTrue(line(t, id).contains(dir.resolve(id).toString()), id + " in\n" + t);
        String nb05 = line(t, "05-image-retrieval");
        assertTrue(nb05.contains("paper yes"), nb05);
        assertFalse(t.contains("[limiting] 05-image-retrieval"), t);
        assertTrue(line(t, "04-tasn").contains("paper no: needs dataset cub-200-2011-512"), t);
        // TASN's paper recipe loads the ResNet-50 file, so an unreadable one holds its paper mode back
        assertTrue(line(t, "04-tasn").contains("weights resnet50-imagenet.safetensors"), t);
    }

    @Test
    void aPaperSectionNeedsOneOfItsBenchmarksAndRunsWithoutTheOthers(@TempDir Path dir) throws IOException {
        Path weights = Files.createDirectories(dir.resolve("weights"));
        System.setProperty("glimpse.weights.dir", weights.toString());
        writeSafetensors(weights.resolve("deit-small-imagenet.safetensors"), "{\"cls_token\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        Manifest sop = Manifests.of("sop");
        Path d = Files.createDirectories(dir.resolve("sop"));
        for (Manifest.FileEntry f : sop.filesOrEmpty()) {
            Files.createDirectories(d.resolve(f.name()).getParent());
            Files.writeString(d.resolve(f.name()), "");
        }
        System.setProperty("glimpse.dir.sop", d.toString());
        String t = doctor().text();
        String nb05 = line(t, "05-image-retrieval");
        assertTrue(nb05.contains("paper yes") && nb05.contains("without dataset cub-retrieval (GLIMPSE_CUB_DIR), dataset inshop (GLIMPSE_INSHOP_DIR)"), nb05);
        assertFalse(t.contains("[limiting] 05-image-retrieval"), t);
        assertTrue(line(t, "01-crosstransformers").contains("paper no: needs dataset miniimagenet (GLIMPSE_MINIIMAGENET_DIR) or dataset tieredimagenet"), t);
    }

    @Test
    void testKeepsTheReportAndCountsOnlyACrashAsAFailure(@TempDir Path dir) throws IOException {
        NotebookCommands.Checks checks = new NotebookCommands.Checks();
        Path file = dir.resolve("report/quick/doctor.txt");
        Doctor.saveReport(file, checks);
        assertEquals(1, checks.passed);
        assertEquals(0, checks.failed);
        assertTrue(Files.readString(file).contains("\nproblems\n"));
    }

    static void writeSafetensors(Path file, String headerJson, int dataBytes) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        Files.write(file, ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header).array());
    }
}
