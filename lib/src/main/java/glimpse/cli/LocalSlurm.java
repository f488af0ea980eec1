package glimpse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-node Slurm on loopback for the Slurm check: munged with its own key and socket, slurmctld and
 * slurmd from a slurm.conf in a temporary folder (SLURM_CONF), state and spool folders there too.
 * Nothing is written to /etc; {@link #close} stops the three daemons it started (by their pid files)
 * and removes the folder.
 */
final class LocalSlurm implements AutoCloseable {
    final Path dir;
    final Path conf;
    private final List<Path> pidFiles = new ArrayList<>();

    private LocalSlurm(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
    }

    /** Starts munged, slurmctld and slurmd (CPUs = {@code cpus}) and waits until the node is idle. */
    static LocalSlurm start(int cpus) throws IOException, InterruptedException {
        LocalSlurm s = new LocalSlurm(Files.createTempDirectory("glimpse-slurm-"));
        try {
            s.startDaemons(cpus);
        } catch (IOException | RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startDaemons(int cpus) throws IOException, InterruptedException {
        Path munge = Files.createDirectories(dir.resolve("munge"));
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("log"));
        Path key = munge.resolve("munge.key");
        byte[] bytes = new byte[1024];
        new SecureRandom().nextBytes(bytes);
        Files.write(key, bytes);
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        Files.setPosixFilePermissions(munge, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path socket = munge.resolve("munge.socket");
        pidFiles.add(munge.resolve("munged.pid"));
        run(List.of("munged", "--key-file=" + key, "--socket=" + socket, "--pid-file=" + munge.resolve("munged.pid"),
                "--log-file=" + munge.resolve("munged.log"), "--seed-file=" + munge.resolve("munged.seed"), "--force"));
        // ports away from Slurm's defaults (6817/6818), so a real Slurm on this machine is not disturbed
        int port = 20000 + (int) (ProcessHandle.current().pid() % 20000);
        Files.writeString(conf, String.join("\n",
                "ClusterName=glimpsecheck",
                "SlurmctldHost=localhost",
                "SlurmctldPort=" + port,
                "SlurmdPort=" + (port + 1),
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "AuthInfo=socket=" + socket,
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "MpiDefault=none",
                "ReturnToService=2",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "MinJobAge=600",
                "NodeName=localhost CPUs=" + cpus + " State=UNKNOWN",
                "PartitionName=check Nodes=localhost Default=YES MaxTime=INFINITE State=UP", ""));
        pidFiles.add(dir.resolve("slurmctld.pid"));
        run(List.of("slurmctld", "-f", conf.toString()));
        pidFiles.add(dir.resolve("slurmd.pid"));
        run(List.of("slurmd", "-f", conf.toString()));
        for (int i = 0; i < 60; i++) {
            String state = output(List.of("sinfo", "-h", "-o", "%T"));
            if (state != null && state.strip().startsWith("idle")) return;
            Thread.sleep(500);
        }
        throw new IllegalStateException("the one-node Slurm did not come up within 30 s; logs in " + dir.resolve("log"));
    }

    /** A command with SLURM_CONF pointing here; its output, or null when it fails. */
    String output(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", conf.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); return null; }
        return p.exitValue() == 0 ? out : null;
    }

    private void run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", conf.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IllegalStateException("`" + String.join(" ", cmd) + "` failed: " + out.strip() + " (logs in " + dir + ")");
    }

    /** Stops the daemons this started, by the process ids they wrote, then removes the folder. */
    @Override public void close() {
        try {
            output(List.of("scancel", "--user=root"));     // every job of this cluster is the check's; stops their steps before slurmd goes
            Thread.sleep(1000);
        } catch (IOException | InterruptedException ignored) { /* stopping the daemons follows anyway */ }
        for (int k = pidFiles.size() - 1; k >= 0; k--) {
            Path pid = pidFiles.get(k);
            try {
                if (!Files.isRegularFile(pid)) continue;
                long id = Long.parseLong(Files.readString(pid).strip());
                ProcessHandle.of(id).ifPresent(h -> {
                    h.destroy();
                    try {
                        h.onExit().get(20, TimeUnit.SECONDS);
                    } catch (Exception slow) {
                        h.destroyForcibly();
                    }
                });
            } catch (IOException | NumberFormatException e) {
                System.out.println("        could not stop the daemon of " + pid + ": " + e.getMessage());
            }
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.out.println("        could not remove " + dir + ": " + e.getMessage());
        }
    }


}
