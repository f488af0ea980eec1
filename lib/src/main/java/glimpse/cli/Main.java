package glimpse.cli;

import glimpse.Glimpse;

import java.util.Arrays;
import java.util.List;

/** The `glimpse` command; ./glimpse (the launcher) sets up the machine and then calls this. */
public final class Main {
    private Main() {}

    static final String USAGE = """
            usage: ./glimpse COMMAND
              run [NOTEBOOK...] [--quick]   execute notebooks headless (default: all, full mode); report in build/report/<mode>/
              test                          unit tests (mvn verify), the browser test of interactive use, Jupyter's kernel
                                            conformance suite, every notebook
                                            in quick mode; ends 'N passed, N failed'
              data list                     every dataset manifest and whether its files are there
              data check NAME               verify one dataset (files, checksums, splits)
              bench [--model=conv4|visformer|vit|tasn|recall|all] [--rounds=N ...]
                                            training throughput and peak memory against PyTorch eager (and EasyTrain for conv4)
              notebook [JUPYTER-OPTION...]  classic Jupyter Notebook on loopback with the Glimpse kernel; prints the URL
              check-interactive             only the browser test of interactive use (a part of test)
              check-kernel                  only Jupyter's kernel conformance suite on the Glimpse kernel (a part of test)
              kernel                        write the Jupyter kernelspec and print how to use it interactively
            environment: GLIMPSE_KERNEL=auto|glimpse|jjava|rapaio, GLIMPSE_DEVICE=auto|cpu|gpu, GLIMPSE_GPU=1 (CUDA build),
                         GLIMPSE_RECOMPUTE=1 (ignore cached results), GLIMPSE_MODE (notebooks opened by hand),
                         GLIMPSE_KERNEL_START_ATTEMPTS / GLIMPSE_KERNEL_START_TIMEOUT (kernel starts tried, seconds each)""";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "run" -> NotebookCommands.run(rest);
                case "test" -> NotebookCommands.test(rest);
                case "data" -> DataCommand.run(rest);
                case "kernel" -> NotebookCommands.kernel();
                case "notebook" -> NotebookCommands.notebook(rest);
                case "check-interactive" -> NotebookCommands.checkInteractive();
                case "check-kernel" -> KernelConformance.command();
                case "bench" -> glimpse.bench.Bench.run(rest.toArray(String[]::new));
                default -> {
                    System.err.println("unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (glimpse.data.DatasetException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("glimpse: " + e.getMessage());
            return 1;
        }
    }

    static Glimpse.Mode modeFrom(List<String> args, Glimpse.Mode fallback) {
        if (args.contains("--quick")) return Glimpse.Mode.QUICK;
        if (args.contains("--full")) return Glimpse.Mode.FULL;
        if (args.contains("--paper")) return Glimpse.Mode.PAPER;
        return fallback;
    }
}
