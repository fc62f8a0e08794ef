package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountdelivery.FakeAwsCli.Call;
import io.github.crossaccountdelivery.FakeAwsCli.Output;
import io.github.crossaccountdelivery.FakeAwsCli.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests' fake AWS CLI prints what the AWS CLI v2 prints for the same answer, query and output
 * format; the scripts' tests rely on it.
 */
@WithoutCdk
class FakeAwsCliTest {

    private static final Reply PARAMETER = Reply.response("""
            {"Parameter": {"Name": "/orders/test/service-url", "Type": "String",
             "Value": "http://orders-test-alb-1234567890.eu-west-1.elb.amazonaws.com", "Version": 3,
             "LastModifiedDate": "2025-06-01T10:15:30.123000+00:00", "DataType": "text"}}
            """);

    private static Output aws(Reply reply, String... args) {
        return FakeAwsCli.answer(new Call(List.of(args)), reply);
    }

    private static Output getParameter(String... options) {
        return aws(PARAMETER, concat(List.of("ssm", "get-parameter", "--name", "/orders/test/service-url"), options));
    }

    private static String[] concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.stream.Stream.of(tail)).toArray(String[]::new);
    }

    // ---- --output text -------------------------------------------------------------------------

    @Test
    void textPrintsAScalarOnItsOwnLine() {
        assertThat(getParameter("--query", "Parameter.Value", "--output", "text").stdout())
                .isEqualTo("http://orders-test-alb-1234567890.eu-west-1.elb.amazonaws.com\n");
        assertThat(getParameter("--query", "Parameter.Version", "--output", "text").stdout()).isEqualTo("3\n");
    }

    @Test
    void textPrintsNullAsNone() {
        assertThat(getParameter("--query", "Parameter.Missing", "--output", "text").stdout()).isEqualTo("None\n");
    }

    @Test
    void textPrintsAListOfScalarsOnOneTabSeparatedLine() {
        assertThat(getParameter("--query", "Parameter.[Name, Version, Missing]", "--output", "text").stdout())
                .isEqualTo("/orders/test/service-url\t3\tNone\n");
    }

    @Test
    void textPrintsAListOfListsOneLinePerInnerList() {
        Reply services = Reply.response("""
                {"services": [{"deployments": [
                  {"status": "PRIMARY", "rolloutState": "IN_PROGRESS", "taskDefinition": "td:8"},
                  {"status": "ACTIVE", "rolloutState": "COMPLETED", "taskDefinition": "td:7"}]}]}
                """);

        assertThat(aws(services, "ecs", "describe-services", "--query",
                "services[0].deployments[].[status, taskDefinition]", "--output", "text").stdout())
                .isEqualTo("PRIMARY\ttd:8\nACTIVE\ttd:7\n");
    }

    @Test
    void textPrintsAnObjectsScalarValuesInTheSortedOrderOfTheirKeysWithoutTheKeys() {
        assertThat(getParameter("--query", "Parameter.{z: Name, a: Version, m: Type}", "--output", "text").stdout())
                .isEqualTo("3\tString\t/orders/test/service-url\n");
        // Nested values follow, each under its key in capitals.
        assertThat(aws(Reply.response("{\"b\": true, \"a\": 1.5, \"tags\": [\"x\", \"y\"]}"), "ecr", "x",
                "--output", "text").stdout())
                .isEqualTo("1.5\tTrue\nTAGS\tx\nTAGS\ty\n");
    }

    @Test
    void textPrintsAnEmptyListAsNothing() {
        assertThat(getParameter("--query", "Parameter.Missing[]", "--output", "text").stdout()).isEqualTo("None\n");
        assertThat(getParameter("--query", "`[]`", "--output", "text").stdout()).isEmpty();
    }

    // ---- Paginated answers ---------------------------------------------------------------------

    private static final Reply TWO_PAGES_OF_IMAGES = Reply.pages("""
            {"imageDetails": [
              {"imageTags": ["arm64-a-1"], "imagePushedAt": "2025-06-01T10:00:00+00:00"},
              {"imageTags": ["arm64-b-2"], "imagePushedAt": "2025-06-02T10:00:00+00:00"}],
             "nextToken": "page-2"}
            """, """
            {"imageDetails": [
              {"imageTags": ["arm64-c-3"], "imagePushedAt": "2025-06-03T10:00:00+00:00"}]}
            """);

    @Test
    void textAppliesTheQueryToEachPageSoALastElementQueryPrintsOneLinePerPage() {
        assertThat(aws(TWO_PAGES_OF_IMAGES, "ecr", "describe-images", "--query",
                "sort_by(imageDetails, &imagePushedAt)[-1].imageTags[0]", "--output", "text").stdout())
                .isEqualTo("arm64-b-2\narm64-c-3\n");
    }

    @Test
    void jsonAppliesTheQueryOnceToAllPages() {
        assertThat(aws(TWO_PAGES_OF_IMAGES, "ecr", "describe-images", "--query",
                "sort_by(imageDetails, &imagePushedAt)[-1].imageTags[0]", "--output", "json").stdout())
                .isEqualTo("\"arm64-c-3\"\n");
    }

    @Test
    void noPaginateReadsTheFirstPageOnly() {
        assertThat(aws(TWO_PAGES_OF_IMAGES, "ecr", "describe-images", "--no-paginate", "--query",
                "length(imageDetails)", "--output", "text").stdout()).isEqualTo("2\n");
    }

    @Test
    void textShowsLaterPagesOnlyTheirResultKeys() {
        Reply scan = Reply.pages("""
                {"imageScanStatus": {"status": "COMPLETE", "description": "done"},
                 "imageScanFindings": {"findings": [{"name": "CVE-1", "severity": "HIGH"}]}, "nextToken": "2"}
                """, """
                {"imageScanStatus": {"status": "COMPLETE", "description": "done"},
                 "imageScanFindings": {"findings": [{"name": "CVE-2", "severity": "LOW"}]}}
                """);

        assertThat(aws(scan, "ecr", "describe-image-scan-findings", "--query", "imageScanStatus.status",
                "--output", "text").stdout()).isEqualTo("COMPLETE\nNone\n");
        assertThat(aws(scan, "ecr", "describe-image-scan-findings", "--query",
                "imageScanFindings.findings[].name", "--output", "text").stdout()).isEqualTo("CVE-1\nCVE-2\n");
        assertThat(aws(scan, "ecr", "describe-image-scan-findings", "--query",
                "[imageScanStatus.status, length(imageScanFindings.findings)]", "--output", "json").stdout())
                .isEqualTo("[\n    \"COMPLETE\",\n    2\n]\n");
    }

    @Test
    void aTextQueryOnAPaginatedAnswerWhoseFirstPageLacksAnObjectOnAResultKeysPathFailsAsInTheCli() {
        // The CLI (botocore's set_value_from_jmespath) cannot set imageScanFindings.findings under a
        // null imageScanFindings: a PENDING scan has none.
        Output output = aws(Reply.response("{\"imageScanStatus\": {\"status\": \"PENDING\"}}"),
                "ecr", "describe-image-scan-findings", "--query", "imageScanFindings.findings[].name", "--output", "text");

        assertThat(output.exitCode()).isEqualTo(255);
        assertThat(output.stderr()).contains("'NoneType' object does not support item assignment");
    }

    // ---- JMESPath as the CLI's Python jmespath evaluates it -------------------------------------

    @Test
    void aFlattenDropsNullsAsInTheClisJmesPath() {
        assertThat(getParameter("--query", "Parameter.[[Name], Missing][]", "--output", "json").stdout())
                .isEqualTo("[\n    \"/orders/test/service-url\"\n]\n");
        assertThat(getParameter("--query", "join(', ', [Parameter.Missing][])", "--output", "text").stdout())
                .isEqualTo("\n");
    }

    // ---- --output json -------------------------------------------------------------------------

    @Test
    void jsonIsIndentedByFourLikePythonsJsonDump() {
        assertThat(getParameter("--query", "{value: Parameter.Value, version: Parameter.Version,"
                + " none: Parameter.Missing, list: [`true`, `1.5`], empty: `[]`}", "--output", "json").stdout())
                .isEqualTo("""
                        {
                            "value": "http://orders-test-alb-1234567890.eu-west-1.elb.amazonaws.com",
                            "version": 3,
                            "none": null,
                            "list": [
                                true,
                                1.5
                            ],
                            "empty": []
                        }
                        """);
    }

    @Test
    void jsonIsTheDefaultOutputAndPrintsNullButNothingForAnEmptyObject() {
        assertThat(getParameter("--query", "Parameter.Missing").stdout()).isEqualTo("null\n");
        assertThat(getParameter("--query", "`{}`").stdout()).isEmpty();
    }

    // ---- Errors --------------------------------------------------------------------------------

    @Test
    void aServiceErrorExitsWith254AndNamesTheCodeAndTheOperation() {
        Output output = aws(Reply.error("ScanNotFoundException", "Image scan does not exist for the image"),
                "ecr", "describe-image-scan-findings", "--query", "imageScanStatus.status", "--output", "text");

        assertThat(output.exitCode()).isEqualTo(254);
        assertThat(output.stdout()).isEmpty();
        assertThat(output.stderr()).isEqualTo("\nAn error occurred (ScanNotFoundException) when calling the"
                + " DescribeImageScanFindings operation: Image scan does not exist for the image\n");
    }

    @Test
    void aQueryThatDoesNotParseIsAUsageError() {
        Output output = getParameter("--query", "Parameter.[", "--output", "text");

        assertThat(output.exitCode()).isEqualTo(252);
        assertThat(output.stderr()).contains("Bad value for --query Parameter.[");
    }

    @Test
    void textRepliesArePrintedAsTheyAreWhateverTheQuery() {
        assertThat(aws(Reply.text("token\n"), "ecr", "get-login-password", "--query", "x").stdout()).isEqualTo("token\n");
    }

    // ---- Through bash --------------------------------------------------------------------------

    @Test
    void theAwsScriptLogsTheCallPassesItsArgumentsIntactAndPrintsTheAnswerByteForByte(@TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("calls.log");
        try (FakeAwsCli fake = FakeAwsCli.start(dir, log, call -> call.is("ssm", "get-parameter")
                ? Reply.text("  ünïcode\tand a trailing blank line \\n\n\n")
                : Reply.error("AccessDeniedException", "not for " + call.option("--name").orElseThrow()))) {
            ProcessBuilder script = new ProcessBuilder("bash", "-c", """
                    out=$(aws ssm get-parameter --name 'two words' --query "a[?b=='c']"; echo "[$?]")
                    printf '%s|' "$out"
                    aws ecs describe-services --name "$(printf 'tab\\there')" 2>&1
                    echo "[$?]"
                    """).redirectErrorStream(true);
            script.environment().put("PATH", dir + ":" + System.getenv("PATH"));
            Process bash = script.start();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(output).isEqualTo("  ünïcode\tand a trailing blank line \\n\n\n[0]|"
                    + "\nAn error occurred (AccessDeniedException) when calling the DescribeServices operation:"
                    + " not for tab\there\n[254]\n");
            assertThat(fake.calls()).extracting(Call::args).containsExactly(
                    List.of("ssm", "get-parameter", "--name", "two words", "--query", "a[?b=='c']"),
                    List.of("ecs", "describe-services", "--name", "tab\there"));
            assertThat(Files.readAllLines(log)).containsExactly(
                    "aws ssm get-parameter --name two words --query a[?b=='c']",
                    "aws ecs describe-services --name tab\there");
            assertThat(fake.unexpected()).isEmpty();
        }
    }
}
