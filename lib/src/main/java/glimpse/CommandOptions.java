package glimpse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one command accepts, declared once: its flags ({@code --quick}), its valued options
 * ({@code --model=NAME} or {@code --model NAME}), its positional arguments, and the environment variables
 * it reads. From the declaration come both the parser, which rejects anything undeclared with the list
 * of what is accepted, and the help text, so the two cannot disagree. Every command of ./glimpse parses
 * its arguments here.
 */
public final class CommandOptions {
    /** A flag (value null) or an option taking a value named {@code value}, e.g. "N". */
    public record Option(String name, String value, String help) {
        String usage() { return "--" + name + (value == null ? "" : "=" + value); }
    }

    /** Thrown for arguments the command does not accept; the CLI prints it with the command's help and exits 2. */
    public static final class UsageException extends IllegalArgumentException {
        private final transient CommandOptions command;

        UsageException(CommandOptions command, String message) {
            super(message);
            this.command = command;
        }

        /** The command whose help says what it accepts. */
        public CommandOptions command() { return command; }
    }

    /** What was given: flags and values by option name (without "--"), positionals in order. */
    public record Parsed(Set<String> flags, Map<String, String> values, List<String> positionals, boolean help) {
        public boolean has(String flag) { return flags.contains(flag); }
        public String value(String name, String fallback) { return values.getOrDefault(name, fallback); }
    }

    private final String name;
    private final String summary;
    private String positionals = "";
    private int minPositionals, maxPositionals;
    private boolean passThrough;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final List<String> environment = new ArrayList<>();
    private final List<List<String>> exclusive = new ArrayList<>();

    private CommandOptions(String name, String summary) {
        this.name = name;
        this.summary = summary;
    }

    /** A command called {@code name} ("run", "data check"), described in one line. */
    public static CommandOptions command(String name, String summary) { return new CommandOptions(name, summary); }

    public CommandOptions flag(String option, String help) { return add(new Option(option, null, help)); }

    public CommandOptions value(String option, String valueName, String help) { return add(new Option(option, valueName, help)); }

    /** Positional arguments, as the usage line shows them ("[NOTEBOOK...]", "NAME"), and how many are allowed. */
    public CommandOptions positionals(String usage, int min, int max) {
        positionals = usage;
        minPositionals = min;
        maxPositionals = max;
        return this;
    }

    /** Arguments this command does not know are handed on to another program (`notebook` → Jupyter), not rejected. */
    public CommandOptions passingOnTheRestTo(String usage) {
        passThrough = true;
        positionals = usage;
        maxPositionals = Integer.MAX_VALUE;
        return this;
    }

    /** At most one of these flags may be given. */
    public CommandOptions oneOf(String... flags) {
        exclusive.add(List.of(flags));
        return this;
    }

    /** Environment variables ({@link Environment}) the command reads, listed by its help. */
    public CommandOptions reads(String... variables) {
        for (String v : variables) {
            Environment.variable(v);                          // an undeclared name is a programming error, caught by the tests
            environment.add(v);
        }
        return this;
    }

    private CommandOptions add(Option o) {
        if (options.put(o.name(), o) != null) throw new IllegalStateException("option --" + o.name() + " declared twice for " + name);
        return this;
    }

    public String name() { return name; }

    /**
     * Parses {@code args}. {@code --help} or {@code -h} anywhere gives {@code help = true} (and nothing else
     * is checked); an undeclared option, a flag given a value, a value option without one, too many or too
     * few positionals, or two exclusive flags throw {@link UsageException}. "--" ends the options.
     */
    public Parsed parse(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) return new Parsed(Set.of(), Map.of(), List.of(), true);
        Set<String> flags = new LinkedHashSet<>();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) { rest.add(a); continue; }
            if (a.equals("--")) { optionsEnded = true; continue; }
            int eq = a.indexOf('=');
            String key = a.replaceFirst("^--?", "");
            if (eq > 0) key = a.substring(a.startsWith("--") ? 2 : 1, eq);
            Option o = a.startsWith("--") ? options.get(key) : null;
            if (o == null) {
                if (passThrough) { rest.add(a); continue; }
                throw new UsageException(this, "unknown option '" + a + "' for `" + name + "`; " + accepted());
            }
            if (o.value() == null) {
                if (eq > 0) throw new UsageException(this, "--" + key + " takes no value, got '" + a + "'");
                flags.add(key);
            } else if (eq > 0) {
                values.put(key, a.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                values.put(key, args.get(++i));
            } else {
                throw new UsageException(this, "--" + key + " needs a value: --" + key + "=" + o.value());
            }
        }
        if (rest.size() > maxPositionals)
            throw new UsageException(this, maxPositionals == 0
                    ? "`" + name + "` takes no arguments, got " + quoted(rest)
                    : "too many arguments for `" + name + "`: " + quoted(rest) + " (usage: " + usageLine() + ")");
        if (rest.size() < minPositionals)
            throw new UsageException(this, "`" + name + "` needs " + positionals + " (usage: " + usageLine() + ")");
        for (List<String> group : exclusive) {
            List<String> given = group.stream().filter(flags::contains).toList();
            if (given.size() > 1)
                throw new UsageException(this, "give at most one of " + dashed(group) + ", got " + dashed(given));
        }
        return new Parsed(Set.copyOf(flags), Map.copyOf(values), List.copyOf(rest), false);
    }

    /** "it takes: --quick, --full, --paper, --help" (or "it takes no options: --help only"). */
    String accepted() {
        List<String> all = new ArrayList<>(options.values().stream().map(Option::usage).toList());
        all.add("--help");
        return (options.isEmpty() ? "it takes no options, only " : "it takes ") + String.join(", ", all)
                + (passThrough ? " (and passes other options on)" : "");
    }

    /** "./glimpse run [--quick] [--full] [--paper] [NOTEBOOK...]". */
    public String usageLine() {
        StringBuilder s = new StringBuilder("./glimpse ").append(name);
        for (Option o : options.values()) s.append(" [").append(o.usage()).append(']');
        if (!positionals.isEmpty()) s.append(' ').append(positionals);
        return s.toString();
    }

    /** The help: usage, summary, every option and every environment variable read, with their values. */
    public String help() {
        StringBuilder s = new StringBuilder("usage: ").append(usageLine()).append('\n').append("  ").append(summary).append('\n');
        int width = Math.max(12, options.values().stream().mapToInt(o -> o.usage().length()).max().orElse(0));
        if (!options.isEmpty()) {
            s.append("options:\n");
            for (Option o : options.values()) s.append(String.format("  %-" + width + "s  %s%n", o.usage(), o.help()));
        }
        s.append(String.format("  %-" + width + "s  %s%n", "--help, -h", "this text"));
        if (!environment.isEmpty()) {
            s.append("environment:\n");
            for (String v : environment) s.append("  ").append(Environment.variable(v).describe()).append('\n');
        }
        return s.toString().stripTrailing();
    }

    private static String quoted(List<String> xs) { return xs.stream().map(x -> "'" + x + "'").reduce((a, b) -> a + " " + b).orElse(""); }

    private static String dashed(List<String> xs) { return String.join(", ", xs.stream().map(x -> "--" + x).toList()); }
}
