package glimpse.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The javadoc comment of a class, method or field named by a JShell signature, read from the
 * kernel's source path (folders or source jars). JShell reads javadoc only from the JDK's own
 * src.zip, so the Glimpse library's documentation comes from here. The source file is only parsed
 * (no compilation); a member is matched by name and parameter count, so of two overloads with the
 * same count the first documented one is shown.
 */
final class Javadocs {
    private final List<Path> roots = new ArrayList<>();

    Javadocs(List<Path> sourcepath) {
        for (Path p : sourcepath) {
            try {
                if (Files.isDirectory(p)) roots.add(p);
                else if (Files.isRegularFile(p)) {
                    FileSystem zip = FileSystems.newFileSystem(p, Map.of());
                    roots.add(zip.getRootDirectories().iterator().next());
                }
            } catch (IOException e) {
                // an unreadable source jar only means no javadoc from it
                System.err.println("glimpse kernel: cannot read sources " + p + ": " + e.getMessage());
            }
        }
    }

    /**
     * The raw javadoc comment of what a JShell signature names, or null when no source on the path has it.
     * JShell writes a class by its full name ({@code glimpse.report.Show}) and a constructor likewise
     * ({@code glimpse.report.Figures.Series(String name, ...)}), but a method or field by its class's simple
     * name ({@code String Show.escape(String s)}, {@code Show.MISSING:java.lang.String}): for those the
     * caller passes the class's full name as {@code owner} (null: unknown, nothing found).
     */
    String find(String signature, String owner) {
        if (roots.isEmpty()) return null;
        String sig = signature.strip();
        if (sig.matches("[\\w$.]+")) return find(sig, null, false, -1);
        int paren = sig.indexOf('(');
        if (paren < 0) {
            String field = sig.substring(0, sig.indexOf(':') < 0 ? sig.length() : sig.indexOf(':'));
            return owner == null ? null : find(owner, field.substring(field.lastIndexOf('.') + 1), false, -1);
        }
        String head = sig.substring(0, paren).replaceAll("<[^<>]*>", "").strip();
        int params = parameterCount(sig.substring(paren + 1, sig.lastIndexOf(')')));
        if (!head.contains(" ")) return find(head, null, true, params);              // a constructor: no return type
        String member = head.substring(head.lastIndexOf('.') + 1);
        return owner == null ? null : find(owner, member, true, params);
    }

    /** The comment of class {@code className} (a full name, nested classes dotted), or of its member. */
    private String find(String className, String member, boolean executable, int params) {
        String[] parts = className.split("\\.");
        // the longest prefix that is a source file is the top-level class; what follows are nested classes
        for (int n = parts.length; n >= 1; n--) {
            String file = String.join("/", java.util.Arrays.copyOf(parts, n)) + ".java";
            for (Path root : roots) {
                Path source = root.resolve(file);
                if (!Files.isRegularFile(source)) continue;
                List<String> inside = new ArrayList<>(List.of(parts).subList(n, parts.length));
                if (member != null) inside.add(member);
                try {
                    return comment(Files.readString(source), parts[n - 1], inside, member != null || executable, executable, params);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static int parameterCount(String list) {
        if (list.isBlank()) return 0;
        int depth = 0, count = 1;
        for (char c : list.toCharArray()) {
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (c == ',' && depth == 0) count++;
        }
        return count;
    }

    /**
     * Parses one source file and finds the class {@code top}, then the nested path {@code inside}: class names,
     * the last one a member (method when {@code executable}, else field) when {@code memberLast}.
     */
    private static String comment(String source, String top, List<String> inside, boolean memberLast, boolean executable, int params) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var file = new SimpleJavaFileObject(URI.create("string:///" + top + ".java"), javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) { return source; }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> {}, List.of("-proc:none"), null, List.of(file));
        try {
            Trees trees = Trees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                String[] found = new String[1];
                new TreePathScanner<Void, List<String>>() {
                    @Override public Void visitClass(ClassTree c, List<String> path) {
                        List<String> here = new ArrayList<>(path);
                        here.add(c.getSimpleName().toString());
                        List<String> want = new ArrayList<>(List.of(top));
                        want.addAll(inside);
                        if (here.equals(want) && !memberLast && !executable && found[0] == null) found[0] = doc(trees, getCurrentPath());
                        // a constructor's signature names the class itself: Foo.Foo(...) is written Foo(...)
                        if (here.equals(want) && !memberLast && executable) {
                            for (var m : c.getMembers()) if (m instanceof MethodTree mt && mt.getName().contentEquals("<init>")
                                    && (params < 0 || mt.getParameters().size() == params) && found[0] == null)
                                found[0] = doc(trees, new TreePath(getCurrentPath(), mt));
                        }
                        if (memberLast && here.size() == want.size() - 1 && want.subList(0, here.size()).equals(here)) {
                            String member = want.get(want.size() - 1);
                            for (var m : c.getMembers()) {
                                boolean match = executable
                                        ? m instanceof MethodTree mt && mt.getName().contentEquals(member) && (params < 0 || mt.getParameters().size() == params)
                                        : m instanceof VariableTree v && v.getName().contentEquals(member);
                                if (match && found[0] == null) {
                                    String d = doc(trees, new TreePath(getCurrentPath(), m));
                                    if (d != null) found[0] = d;
                                }
                            }
                        }
                        return super.visitClass(c, here);
                    }
                }.scan(unit, List.of());
                if (found[0] != null) return found[0];
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String doc(Trees trees, TreePath path) {
        String d = trees.getDocComment(path);
        return d == null || d.isBlank() ? null : d;
    }

    private static final Pattern INLINE = Pattern.compile("\\{@(code|literal|link|linkplain|value)\\s+([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}");

    /** A javadoc comment as HTML: inline tags resolved, block tags (@param, @return, @throws) as a definition list. */
    static String toHtml(String javadoc) {
        String[] blocks = javadoc.split("\\n\\s*(?=@\\w)");
        StringBuilder html = new StringBuilder("<div>").append(inline(blocks[0])).append("</div>");
        if (blocks.length > 1) {
            html.append("<dl>");
            for (int i = 1; i < blocks.length; i++) {
                String b = blocks[i].strip();
                int sp = b.indexOf(' ');
                String tag = sp < 0 ? b : b.substring(0, sp);
                String rest = sp < 0 ? "" : b.substring(sp + 1).strip();
                html.append("<dt>").append(switch (tag) {
                    case "@param" -> "Parameters:"; case "@return" -> "Returns:"; case "@throws", "@exception" -> "Throws:";
                    case "@see" -> "See also:"; case "@since" -> "Since:"; default -> Show.escape(tag.substring(1)) + ":";
                }).append("</dt><dd>");
                if (tag.equals("@param") || tag.equals("@throws") || tag.equals("@exception")) {
                    int s2 = rest.indexOf(' ');
                    String name = s2 < 0 ? rest : rest.substring(0, s2);
                    html.append("<code>").append(Show.escape(name)).append("</code>").append(s2 < 0 ? "" : " - " + inline(rest.substring(s2 + 1)));
                } else html.append(inline(rest));
                html.append("</dd>");
            }
            html.append("</dl>");
        }
        return html.toString();
    }

    private static String inline(String text) {
        Matcher m = INLINE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String body = m.group(2).strip();
            String shown = m.group(1).startsWith("link") && body.contains(" ") ? body.substring(body.indexOf(' ') + 1) : body.replace('#', '.');
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).equals("linkplain") ? Show.escape(shown) : "<code>" + Show.escape(shown) + "</code>"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A javadoc comment as plain text: the HTML form with its tags dropped and lines kept. */
    static String toText(String javadoc) {
        return toHtml(javadoc).replaceAll("(?i)<(p|br|dl|/dd|div)\\s*/?>", "\n").replace("</dt>", " ").replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    /** Minimal HTML escaping, here so the kernel does not depend on the report layer. */
    private static final class Show {
        static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
