package io.github.crossaccountdelivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.burt.jmespath.node.FlattenArrayNode;
import io.burt.jmespath.node.Node;
import io.burt.jmespath.node.NodeFactory;
import io.burt.jmespath.node.StandardNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A stand-in for the AWS CLI v2 in tests that run shell scripts: the script's {@code aws} is a
 * small bash program that hands its arguments to this class in the test's JVM, which asks the
 * test's scenario for the service's answer and then does what the CLI does with it: applies
 * {@code --query} (real JMESPath, <a href="https://github.com/burtcorp/jmespath-java">jmespath-java</a>)
 * and prints it as {@code --output json} or {@code text} would. A script's queries are thus
 * evaluated against answers in the shape of the AWS API, not answered from canned text.
 *
 * <p>Use: {@code try (var aws = FakeAwsCli.start(bin, callsLog, call -> ...))}, then put {@code bin}
 * first on the script's {@code PATH}. The scenario gets each {@link Call} and answers with a
 * {@link Reply}: {@link Reply#response the API's JSON answer} (or its {@link Reply#pages pages}),
 * {@link Reply#error a service error}, or {@link Reply#text text the CLI prints as is}. Each call
 * is also appended to {@code callsLog} as {@code aws <args>}, so other stand-ins writing to the same
 * file keep one ordered log. A scenario that throws (for example on a call it did not expect)
 * makes the call fail with exit status 255 and is listed in {@link #unexpected()}.
 *
 * <p>What the CLI does and this class copies (AWS CLI v2, {@code awscli/formatter.py} and
 * {@code awscli/text.py}):
 * <ul>
 *   <li>{@code --output json} (also the default here, as without a configured output): the query
 *       result as Python's {@code json.dump(indent=4, ensure_ascii=False)} writes it, then a newline;
 *       nothing at all for an empty object.</li>
 *   <li>{@code --output text}: a scalar on its own line, null as {@code None}, booleans as
 *       {@code True}/{@code False}; a list of scalars on one tab-separated line; a list of lists one
 *       line per inner list; an object's scalar values (not its keys) on one line in the sorted
 *       order of their keys, then its nested values, each under its upper-cased key.</li>
 *   <li>Paginated operations: the CLI fetches every page. With {@code text} it applies the query
 *       to each page (the first page with its non-aggregated keys, the others with only the
 *       paginated result keys), so a query like {@code [-1]} prints one line per page; with
 *       {@code json} it applies the query once to all pages merged. {@code --no-paginate} reads the
 *       first page only. The operations and their keys come from the CLI's paginator
 *       definitions, {@link #PAGINATORS} (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-filter.html,
 *       https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-pagination.html).</li>
 *   <li>A service error: exit status 254, and on stderr a blank line and
 *       {@code An error occurred (<Code>) when calling the <Operation> operation: <message>}
 *       (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html;
 *       the CLI v1 exits 255, and the newest v2 releases put "aws: [ERROR]: " before it by default,
 *       https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-error-format.html: a script
 *       should look for the code, not the whole line).</li>
 * </ul>
 * These rules were compared, for the scripts' queries and the cases in FakeAwsCliTest, with a
 * real CLI answering from a loopback endpoint: a v1 (1.45), whose formatter and ECR paginator
 * definition are the v2's, so its 255 for a service error is the one difference seen. See
 * {@link PythonLikeJmesPath} for where jmespath-java and the CLI's Python jmespath differ.
 * Timestamps in a {@link Reply#response response} are written as the CLI v2 shows them, ISO 8601
 * strings: it converts them before the query sees them
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-types.html#parameter-type-timestamp).
 *
 * <p>The transport: the {@code aws} script opens bash's {@code /dev/tcp} to a loopback port of this
 * JVM, writes its argument count on a line and each argument ending in a NUL byte, and reads back
 * one line "exit-status stdout-length stderr-length" followed by those bytes, which it prints
 * with {@code read -N} in the C locale (bytes, not characters). No process besides the one bash.
 *
 * <p>Longer than most classes here because the CLI's formatting rules are the point of it, and
 * they are only trustworthy kept together with the tests that pin them down (FakeAwsCliTest).
 */
public final class FakeAwsCli implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JacksonRuntime JMESPATH = new PythonLikeJmesPath();
    private static final int SERVICE_ERROR = 254;
    private static final int USAGE_ERROR = 252;
    private static final int GENERAL_ERROR = 255;

    /**
     * A paginated operation's keys, as the CLI's paginator definition lists them: {@code result}
     * are the lists each page adds to, {@code nonAggregate} the keys taken from the first page.
     */
    record Paginator(List<String> result, List<String> nonAggregate) {
    }

    /**
     * The paginated operations the project's scripts call, from botocore's
     * {@code data/ecr/2015-09-21/paginators-1.json} as the CLI v2 bundles it; the CLI's reference
     * page of each command names its result keys
     * (https://awscli.amazonaws.com/v2/documentation/api/latest/reference/ecr/describe-image-scan-findings.html).
     * DescribeServices, DescribeTaskDefinition and GetParameter are not paginated.
     */
    static final Map<String, Paginator> PAGINATORS = Map.of(
            "ecr describe-images", new Paginator(List.of("imageDetails"), List.of()),
            "ecr describe-image-scan-findings", new Paginator(
                    List.of("imageScanFindings.findings", "imageScanFindings.enhancedFindings"),
                    List.of("registryId", "repositoryName", "imageId", "imageScanStatus", "imageScanFindings")));

    private final ServerSocket server;
    private final Function<Call, Reply> scenario;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();

    private FakeAwsCli(ServerSocket server, Function<Call, Reply> scenario) {
        this.server = server;
        this.scenario = scenario;
    }

    /**
     * Starts answering on a loopback port and writes the {@code aws} script into {@code folder}.
     *
     * @param folder   where the executable {@code aws} goes; put it first on the script's PATH
     * @param callsLog the file each call is appended to, as {@code aws <args>}
     * @param scenario the service's answer to each call
     */
    public static FakeAwsCli start(Path folder, Path callsLog, Function<Call, Reply> scenario) throws IOException {
        String log = callsLog.toAbsolutePath().toString();
        if (log.contains("'")) {
            throw new IllegalArgumentException("a calls log path with a quote: " + log);
        }
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        FakeAwsCli cli = new FakeAwsCli(server, scenario);
        ShellStubs.stub(folder, "aws", """
                # FakeAwsCli's AWS CLI: logs the call, asks the test's JVM for the answer, prints it.
                printf 'aws %%s\\n' "$*" >> '%s'
                LC_ALL=C
                exec 3<>/dev/tcp/127.0.0.1/%d || exit 255
                printf '%%s\\n' "$#" >&3
                [ "$#" -eq 0 ] || printf '%%s\\0' "$@" >&3
                read -r code out_length err_length <&3 || exit 255
                out="" err=""
                [ "$out_length" -eq 0 ] || read -r -N "$out_length" out <&3
                [ "$err_length" -eq 0 ] || read -r -N "$err_length" err <&3
                exec 3<&-
                printf '%%s' "$out"
                printf '%%s' "$err" >&2
                exit "$code"
                """.formatted(log, server.getLocalPort()));
        Thread thread = new Thread(cli::serve, "fake-aws-cli-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
        return cli;
    }

    /** Every call received so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls the scenario could not answer, with what it said; empty when every call was expected. */
    public List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Stops answering; a later {@code aws} call fails with exit status 255. */
    @Override
    public void close() throws IOException {
        server.close();
    }

    // One connection at a time: a script's calls are answered in the order they arrive, and the
    // scenario is never called from two threads at once.
    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                Call call = new Call(readArguments(socket.getInputStream()));
                calls.add(call);
                Output output;
                try {
                    output = answer(call, scenario.apply(call));
                } catch (RuntimeException e) {
                    unexpected.add(call + ": " + e);
                    output = new Output(GENERAL_ERROR, "", "\nFakeAwsCli: " + e + "\n");
                }
                write(socket.getOutputStream(), output);
            } catch (IOException e) {
                // The server was closed, or a script went away mid-call: that call is lost, not the rest.
            }
        }
    }

    private static List<String> readArguments(InputStream in) throws IOException {
        int count = Integer.parseInt(readUntil(in, '\n'));
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            arguments.add(readUntil(in, 0));
        }
        return arguments;
    }

    private static String readUntil(InputStream in, int end) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != end; b = in.read()) {
            if (b < 0) {
                throw new IOException("the aws script stopped mid-request");
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, Output output) throws IOException {
        byte[] stdout = output.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] stderr = output.stderr().getBytes(StandardCharsets.UTF_8);
        out.write((output.exitCode() + " " + stdout.length + " " + stderr.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(stdout);
        out.write(stderr);
        out.flush();
    }

    // ---- One call ---------------------------------------------------------------------------------

    /**
     * One {@code aws} invocation: {@code aws <service> <command> [--option value...]}.
     *
     * @param args the arguments after {@code aws}, as the script passed them
     */
    public record Call(List<String> args) {

        public Call {
            args = List.copyOf(args);
        }

        public String service() {
            return args.isEmpty() ? "" : args.get(0);
        }

        public String command() {
            return args.size() < 2 ? "" : args.get(1);
        }

        /** Whether this is {@code aws <service> <command>}. */
        public boolean is(String service, String command) {
            return service().equals(service) && command().equals(command);
        }

        /** The API operation the command calls: describe-image-scan-findings is DescribeImageScanFindings. */
        public String operation() {
            StringBuilder name = new StringBuilder();
            for (String word : command().split("-")) {
                if (!word.isEmpty()) {
                    name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
            return name.toString();
        }

        /** The first value of {@code --name}, if the call has it. */
        public Optional<String> option(String name) {
            List<String> values = values(name);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** Whether the call has {@code --name}, with or without values. */
        public boolean has(String name) {
            return args.contains(name);
        }

        /** The values after {@code --name}, up to the next option: {@code --services a b} has two. */
        public List<String> values(String name) {
            int at = args.subList(Math.min(2, args.size()), args.size()).indexOf(name);
            if (at < 0) {
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (int i = at + 3; i < args.size() && !args.get(i).startsWith("--"); i++) {
                values.add(args.get(i));
            }
            return values;
        }

        @Override
        public String toString() {
            return "aws " + String.join(" ", args);
        }
    }

    // ---- What the service answers -----------------------------------------------------------------

    /** A scenario's answer to one call. Build one with the static methods. */
    public static final class Reply {

        private final List<JsonNode> pages;
        private final String errorCode;
        private final String errorMessage;
        private final String text;

        private Reply(List<JsonNode> pages, String errorCode, String errorMessage, String text) {
            this.pages = pages;
            this.errorCode = errorCode;
            this.errorMessage = errorMessage;
            this.text = text;
        }

        /** The API's answer, as JSON in the shape the service documents; one page of a paginated one. */
        public static Reply response(String json) {
            return pages(json);
        }

        /** A paginated operation's answer, page by page, as the CLI fetches them one after another. */
        public static Reply pages(String... pages) {
            if (pages.length == 0) {
                throw new IllegalArgumentException("an answer has at least one page");
            }
            List<JsonNode> parsed = new ArrayList<>();
            for (String page : pages) {
                try {
                    JsonNode node = JSON.readTree(page);
                    if (node == null || !node.isObject()) {
                        throw new IllegalArgumentException("an API answer is a JSON object, not " + page);
                    }
                    parsed.add(node);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("not JSON: " + page, e);
                }
            }
            return new Reply(List.copyOf(parsed), null, null, null);
        }

        /** The service's error: the CLI exits with 254 and names the code and the operation. */
        public static Reply error(String code, String message) {
            return new Reply(List.of(), code, message, null);
        }

        /** Text the command prints as it is, whatever {@code --query} and {@code --output} say (get-login-password). */
        public static Reply text(String stdout) {
            return new Reply(List.of(), null, null, stdout);
        }
    }

    /**
     * Successive answers to successive calls: the first call gets the first, and so on; the last
     * repeats. Safe to call from the thread that answers the script.
     */
    public static Supplier<Reply> inTurn(List<Reply> replies) {
        if (replies.isEmpty()) {
            throw new IllegalArgumentException("no replies");
        }
        List<Reply> copy = List.copyOf(replies);
        AtomicInteger next = new AtomicInteger();
        return () -> copy.get(Math.min(next.getAndIncrement(), copy.size() - 1));
    }

    // ---- What the CLI prints ---------------------------------------------------------------------

    /** What the {@code aws} process ends with. */
    record Output(int exitCode, String stdout, String stderr) {
    }

    /** What the CLI prints and exits with for {@code call} when the service answers {@code reply}. */
    static Output answer(Call call, Reply reply) {
        if (reply == null) {
            throw new IllegalStateException("the scenario has no answer");
        }
        if (reply.text != null) {
            return new Output(0, reply.text, "");
        }
        if (reply.errorCode != null) {
            return new Output(SERVICE_ERROR, "", "\nAn error occurred (" + reply.errorCode + ") when calling the "
                    + call.operation() + " operation: " + reply.errorMessage + "\n");
        }
        Optional<String> queryText = call.option("--query");
        Expression<JsonNode> query;
        try {
            query = queryText.map(JMESPATH::compile).orElse(null);
        } catch (JmesPathException e) {
            return new Output(USAGE_ERROR, "", "\naws: error: argument --query: Bad value for --query "
                    + queryText.get() + ": " + e.getMessage() + "\n");
        }
        String format = call.option("--output").orElse("json");
        if (!format.equals("json") && !format.equals("text")) {
            throw new IllegalArgumentException("FakeAwsCli prints json or text, not " + format);
        }
        Paginator paginator = PAGINATORS.get(call.service() + " " + call.command());
        boolean paginated = paginator != null && !call.has("--no-paginate");
        if (!paginated && reply.pages.size() > 1 && paginator == null) {
            throw new IllegalArgumentException(call.command() + " is not paginated, but the scenario answered pages");
        }
        try {
            if (!paginated) {
                // One call: the first page, as with --no-paginate.
                JsonNode result = search(query, reply.pages.get(0));
                return new Output(0, format.equals("text") ? text(result) : json(result), "");
            }
            if (format.equals("json")) {
                return new Output(0, json(search(query, fullResult(paginator, reply.pages))), "");
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < reply.pages.size(); i++) {
                ObjectNode current = i == 0 ? nonAggregatePart(paginator, reply.pages.get(0)) : JSON.createObjectNode();
                for (String key : paginator.result()) {
                    set(current, key, lookup(reply.pages.get(i), key));
                }
                out.append(text(search(query, current)));
            }
            return new Output(0, out.toString(), "");
        } catch (JmesPathException | CliFailure e) {
            return new Output(GENERAL_ERROR, "", "\n" + e.getMessage() + "\n");
        }
    }

    /** Where the CLI itself fails (exit status 255) on an answer it cannot format. */
    private static final class CliFailure extends RuntimeException {
        CliFailure(String message) {
            super(message);
        }
    }

    private static JsonNode search(Expression<JsonNode> query, JsonNode response) {
        return query == null ? response : query.search(response);
    }

    /**
     * All pages in one answer, as botocore's {@code PageIterator.build_full_result} makes it: the
     * first page's non-aggregated keys, with each result key holding the lists of all pages.
     */
    private static JsonNode fullResult(Paginator paginator, List<JsonNode> pages) {
        ObjectNode full = nonAggregatePart(paginator, pages.get(0));
        for (String key : paginator.result()) {
            var all = JSON.createArrayNode();
            boolean any = false;
            for (JsonNode page : pages) {
                JsonNode value = lookup(page, key);
                if (value != null && value.isArray()) {
                    all.addAll((ArrayNode) value);
                    any = true;
                }
            }
            if (any) {
                set(full, key, all);
            }
        }
        return full;
    }

    private static ObjectNode nonAggregatePart(Paginator paginator, JsonNode firstPage) {
        ObjectNode part = JSON.createObjectNode();
        for (String key : paginator.nonAggregate()) {
            JsonNode value = lookup(firstPage, key);
            set(part, key, value == null ? null : value.deepCopy());
        }
        return part;
    }

    /** A dotted key's value, or null; the paginator keys are plain dotted paths. */
    private static JsonNode lookup(JsonNode node, String dotted) {
        JsonNode current = node;
        for (String part : dotted.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(part);
        }
        return current == null || current.isNull() ? null : current;
    }

    /**
     * Sets a dotted key, making the objects on the way: botocore's set_value_from_jmespath. Like it,
     * this fails where a key on the way is there but null: the CLI then stops with exit status 255
     * (a text query on a paginated answer whose first page lacks the object, such as
     * DescribeImageScanFindings while the scan is PENDING, which has no imageScanFindings).
     */
    private static void set(ObjectNode node, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode current = node;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = current.get(parts[i]);
            if (next instanceof ObjectNode object) {
                current = object;
            } else if (next == null) {
                ObjectNode made = JSON.createObjectNode();
                current.set(parts[i], made);
                current = made;
            } else {
                throw new CliFailure("'NoneType' object does not support item assignment");
            }
        }
        current.set(parts[parts.length - 1], value == null ? JSON.nullNode() : value);
    }

    /**
     * jmespath-java, except that a flatten ({@code []}) drops nulls, as the CLI's Python jmespath
     * does: there {@code []} is always a projection, and a projection leaves out null results, so
     * {@code [`1`, null][]} is {@code [1]}. jmespath-java only projects when an expression follows,
     * and so keeps the null at the end of a query. Differences left, none of which the scripts
     * meet: where an expression follows the flatten, the CLI applies it to the nulls as well
     * ({@code [null][].length(@)} fails there and is {@code []} here), and a filter at the very end
     * of a query that lets a null through ({@code [?@ == null]}) keeps it here and drops it there.
     */
    private static final class PythonLikeJmesPath extends JacksonRuntime {

        private final NodeFactory<JsonNode> nodes = new StandardNodeFactory<>(this) {
            @Override
            public Node<JsonNode> createFlattenArray() {
                return new FlattenArrayNode<>(PythonLikeJmesPath.this) {
                    @Override
                    public JsonNode search(JsonNode input) {
                        JsonNode flat = super.search(input);
                        if (flat == null || !flat.isArray()) {
                            return flat;
                        }
                        ArrayNode withoutNulls = JSON.createArrayNode();
                        flat.forEach(element -> {
                            if (!element.isNull()) {
                                withoutNulls.add(element);
                            }
                        });
                        return withoutNulls;
                    }
                };
            }
        };

        @Override
        public NodeFactory<JsonNode> nodeFactory() {
            return nodes;
        }
    }

    // ---- --output json: Python's json.dump(indent=4, ensure_ascii=False) ---------------------------

    static String json(JsonNode value) {
        if (value != null && value.isObject() && value.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        writeJson(value, 0, out);
        return out.append('\n').toString();
    }

    private static void writeJson(JsonNode value, int indent, StringBuilder out) {
        String inner = " ".repeat(indent + 4);
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("null");
        } else if (value.isContainerNode() && value.isEmpty()) {
            out.append(value.isObject() ? "{}" : "[]");
        } else if (value.isObject()) {
            out.append("{\n");
            String separator = "";
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                out.append(separator).append(inner);
                quote(field.getKey(), out);
                out.append(": ");
                writeJson(field.getValue(), indent + 4, out);
                separator = ",\n";
            }
            out.append('\n').append(" ".repeat(indent)).append('}');
        } else if (value.isArray()) {
            out.append("[\n");
            String separator = "";
            for (JsonNode element : value) {
                out.append(separator).append(inner);
                writeJson(element, indent + 4, out);
                separator = ",\n";
            }
            out.append('\n').append(" ".repeat(indent)).append(']');
        } else if (value.isTextual()) {
            quote(value.textValue(), out);
        } else {
            out.append(value.isBoolean() ? Boolean.toString(value.booleanValue()) : number(value));
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }

    // ---- --output text: awscli/text.py ------------------------------------------------------------

    static String text(JsonNode value) {
        StringBuilder out = new StringBuilder();
        formatText(value, null, null, out);
        return out.toString();
    }

    private static void formatText(JsonNode item, String identifier, List<String> scalarKeys, StringBuilder out) {
        if (item != null && item.isObject()) {
            formatObject(item, identifier, scalarKeys, out);
        } else if (item != null && item.isArray()) {
            formatList(item, identifier, out);
        } else {
            out.append(scalar(item)).append('\n');
        }
    }

    private static void formatList(JsonNode list, String identifier, StringBuilder out) {
        if (list.isEmpty()) {
            return;
        }
        List<JsonNode> elements = new ArrayList<>();
        list.elements().forEachRemaining(elements::add);
        if (elements.stream().anyMatch(JsonNode::isObject)) {
            List<String> keys = allScalarKeys(elements);
            for (JsonNode element : elements) {
                formatText(element, identifier, keys, out);
            }
        } else if (elements.stream().anyMatch(JsonNode::isArray)) {
            List<JsonNode> scalars = elements.stream().filter(e -> !e.isContainerNode()).toList();
            if (!scalars.isEmpty()) {
                formatScalars(scalars, identifier, out);
            }
            for (JsonNode nested : elements.stream().filter(JsonNode::isContainerNode).toList()) {
                formatText(nested, identifier, null, out);
            }
        } else {
            formatScalars(elements, identifier, out);
        }
    }

    private static void formatScalars(List<JsonNode> scalars, String identifier, StringBuilder out) {
        if (identifier != null) {
            for (JsonNode scalar : scalars) {
                out.append(identifier.toUpperCase()).append('\t').append(scalar(scalar)).append('\n');
            }
        } else {
            out.append(String.join("\t", scalars.stream().map(FakeAwsCli::scalar).toList())).append('\n');
        }
    }

    private static void formatObject(JsonNode object, String identifier, List<String> scalarKeys, StringBuilder out) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        object.properties().forEach(field -> sorted.put(field.getKey(), field.getValue()));
        List<String> scalars = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> nested = new ArrayList<>();
        if (scalarKeys == null) {
            sorted.forEach((key, value) -> {
                if (value.isContainerNode()) {
                    nested.add(Map.entry(key, value));
                } else {
                    scalars.add(scalar(value));
                }
            });
        } else {
            for (String key : scalarKeys) {
                scalars.add(sorted.containsKey(key) ? scalar(sorted.get(key)) : "");
            }
            sorted.forEach((key, value) -> {
                if (!scalarKeys.contains(key)) {
                    nested.add(Map.entry(key, value));
                }
            });
        }
        if (!scalars.isEmpty()) {
            if (identifier != null) {
                scalars.add(0, identifier.toUpperCase());
            }
            out.append(String.join("\t", scalars)).append('\n');
        }
        for (Map.Entry<String, JsonNode> entry : nested) {
            formatText(entry.getValue(), entry.getKey(), null, out);
        }
    }

    private static List<String> allScalarKeys(List<JsonNode> objects) {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        for (JsonNode object : objects) {
            if (object.isObject()) {
                object.properties().forEach(field -> {
                    if (!field.getValue().isContainerNode()) {
                        keys.put(field.getKey(), true);
                    }
                });
            }
        }
        return List.copyOf(keys.keySet());
    }

    /** Python's str() of a JSON scalar. */
    private static String scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "None";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        // A key that is a scalar in one object of a list and nested in another: Python prints the
        // nested value's repr there; its JSON is near enough for a test.
        return value.isContainerNode() ? value.toString() : number(value);
    }

    /** Python's repr of a number: integers as they are, floats with ".0" or Python's exponent form. */
    private static String number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        double d = value.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = decimal.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format("%02d", Math.abs(exponent));
    }
}
